import { describe, expect, it } from 'vitest';
import { brokerOf, vetBroker } from './broker.js';

describe('MQTT brokers', () => {
  it('takes a broker URL apart with the default port of its scheme', () => {
    expect(brokerOf('mqtt://broker.example.com')).toEqual({
      secure: false,
      hostname: 'broker.example.com',
      port: 1883,
      shown: 'mqtt://broker.example.com:1883',
    });
    expect(brokerOf('mqtts://[2001:db8::1]')).toMatchObject({
      secure: true,
      hostname: '2001:db8::1',
      port: 8883,
    });
    expect(brokerOf('mqtts://b.example.com:9883').port).toBe(9883);
  });

  it('reaches private addresses only for allow-listed hosts, whatever the name', async () => {
    const resolve = async (host: string) =>
      host === 'inside.example.com' ? ['10.0.0.7'] : ['93.184.215.14'];
    await expect(vetBroker('mqtt://outside.example.com', { allowHosts: [], resolve })).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
    ]);
    // A public-looking name that resolves to a private address is refused, naming the broker, not a stand-in URL.
    await expect(vetBroker('mqtt://inside.example.com', { allowHosts: [], resolve })).rejects.toMatchObject({
      code: 'FEED_MQTT_BROKER_REFUSED',
      message:
        'The MQTT broker: mqtt://inside.example.com:1883 resolves to a private address, which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach.',
    });
    await expect(
      vetBroker('mqtt://inside.example.com', { allowHosts: ['*.example.com'], resolve }),
    ).resolves.toEqual([{ address: '10.0.0.7', family: 4 }]);
    // Cloud metadata stays out of reach even when allow-listed.
    await expect(
      vetBroker('mqtts://169.254.169.254', { allowHosts: ['169.254.169.254'], resolve }),
    ).rejects.toMatchObject({ code: 'FEED_MQTT_BROKER_REFUSED' });
    await expect(
      vetBroker('mqtt://nowhere.invalid', {
        allowHosts: [],
        resolve: async () => {
          throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        },
      }),
    ).rejects.toMatchObject({ code: 'FEED_MQTT_BROKER_REFUSED', message: /does not resolve \(ENOTFOUND\)/ });
  });
});
