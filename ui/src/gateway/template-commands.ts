/** Typed shorthands for the `templates.*` methods (see `commands.ts` for the sessions' ones). */
import type { Requester } from './commands.js';
import type {
  TemplateEntryResult,
  TemplatesCreateParams,
  TemplatesDeleteResult,
  TemplatesListResult,
  TemplatesPatchParams,
} from './protocol.js';

export const listTemplates = (client: Requester): Promise<TemplatesListResult> =>
  client.request('templates.list', {});

export const createTemplate = (
  client: Requester,
  params: TemplatesCreateParams,
): Promise<TemplateEntryResult> => client.request('templates.create', params);

export const patchTemplate = (
  client: Requester,
  params: TemplatesPatchParams,
): Promise<TemplateEntryResult> => client.request('templates.patch', params);

export const deleteTemplate = (client: Requester, name: string): Promise<TemplatesDeleteResult> =>
  client.request('templates.delete', { name });
