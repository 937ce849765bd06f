// An incident's headline with its times in the viewer's zone (the API's `headline` is in UTC).
import { headlineWithSpan } from '../../../shared/analysis/explain';
import type { IncidentSummary } from '../../../shared/api';
import { clockText } from './clock.svelte';

export const headlineText = (x: IncidentSummary): string =>
  headlineWithSpan(x.lead, { ...x, class: x.sustained ? 'sustained' : 'transient' }, clockText);
