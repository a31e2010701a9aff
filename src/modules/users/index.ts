export {
  type AccountListing,
  addAccountToOrganization,
  generatePassword,
  listAccounts,
  memberIdByEmail,
  resetPassword,
  setAccountDisabled,
} from './accounts.js';
export {
  DEMO_DOMAIN,
  type DemoAccess,
  type DemoUser,
  demoLoginLines,
  SECOND_DEMO_DOMAIN,
  SECOND_DEMO_ORG,
  seedDemoAccess,
  seedDemoUsers,
} from './demo.js';
export {
  acceptInvitation,
  acceptInvitationSignedIn,
  type Invitation,
  invitationRefusal,
  reinvite,
} from './invitations.js';
export type { Member } from './members.js';
export { userRoutes } from './routes.js';
export {
  addMember,
  changeRole,
  disableMember,
  enableMember,
  getMember,
  listMembers,
  type NewMember,
} from './service.js';
