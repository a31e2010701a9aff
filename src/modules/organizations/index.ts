export {
  createOrganization,
  findOrganization,
  getOrganization,
  listOrganizations,
  ORG_SLUG,
  type Organization,
  organizationBySlug,
} from './service.js';
