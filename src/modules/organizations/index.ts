export {
  anyOrganization,
  createOrganization,
  findOrganization,
  getOrganization,
  listOrganizations,
  ORG_SLUG,
  type Organization,
  organizationById,
  organizationBySlug,
} from './service.js';
