// Validates simulator responses against Flink's own published REST specs (copies in
// test/fixtures/flink-specs). Validation is strict: every object the spec describes with
// `properties` rejects unknown keys, so a misspelt or wrongly versioned field fails. Where the
// spec and the real wire format disagree, a named override below says why; nothing is switched
// off wholesale.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { SimulatedVersion } from '../../../electron/simulator/versions/profile';

type Schema = Record<string, unknown>;
const SPEC_DIR = fileURLToPath(new URL('../../fixtures/flink-specs/', import.meta.url));
const REF = 'flink#/definitions/';

export const SPEC_FILE: Record<SimulatedVersion, string> = {
  '1.12': 'rest_v1_dispatcher-1.13.html', // no published spec before 1.13, see the README
  '1.14': 'rest_v1_dispatcher-1.14.html',
  '1.15': 'rest_v1_dispatcher-1.16.yml', // the 1.15 yml's generator left unresolvable refs (JobStatus); see the README
  '1.16': 'rest_v1_dispatcher-1.16.yml',
  '1.17': 'rest_v1_dispatcher-1.17.yml',
  '1.18': 'rest_v1_dispatcher-1.18.yml',
  '1.20': 'rest_v1_dispatcher-1.20.yml',
  '2.1': 'rest_v1_dispatcher-2.1.yml',
  '2.3': 'rest_v1_dispatcher-2.3.yml',
};

const LEVEL = { type: 'string', enum: ['ok', 'low', 'high'] };
const STATS_SUMMARY_REF = { $ref: `${REF}StatsSummaryDto` };
const clone = <T>(x: T): T => structuredClone(x);

/** Aggregated metric rows: the spec has an empty object, the wire a bare array (REFERENCE §4). */
function aggregatedRows(skew: boolean): Schema {
  const props: Schema = { id: { type: 'string' } };
  for (const k of ['min', 'max', 'avg', 'sum', ...(skew ? ['skew'] : [])]) props[k] = { type: 'number' };
  return { type: 'array', items: { type: 'object', required: ['id'], properties: props } };
}

// Jackson's @JsonTypeInfo(property = "className") subtype names of Flink's REST classes.
const DEFAULT_MAPPINGS: Record<string, Record<string, string>> = {
  CheckpointStatistics: {
    completed: 'CompletedCheckpointStatistics',
    failed: 'FailedCheckpointStatistics',
    in_progress: 'PendingCheckpointStatistics',
  },
  SubtaskCheckpointStatistics: {
    completed: 'CompletedSubtaskCheckpointStatistics',
    pending: 'PendingSubtaskCheckpointStatistics',
  },
};

// ---------------------------------------------------------------- OpenAPI (1.15+)

interface Override {
  why: string;
  apply(schemas: Record<string, Schema>, version: SimulatedVersion): void;
}

const YML_OVERRIDES: Override[] = [
  {
    why: 'Metric endpoints answer a bare JSON array (custom serializer), not {metrics:[...]}: REFERENCE §4.',
    apply: (s, v) => {
      s.MetricCollectionResponseBody = { type: 'array', items: { $ref: '#/components/schemas/Metric' } };
      s.AggregatedMetricsResponseBody = aggregatedRows(v === '1.20' || v === '2.1' || v === '2.3');
    },
  },
  {
    why: '`backpressure-level` is @Hidden in the yml but still sent next to backpressureLevel (REFERENCE §6, SOURCES caveats).',
    apply: (s) => {
      for (const name of ['JobVertexBackPressureInfo', 'SubtaskBackPressureInfo']) {
        (s[name]!.properties as Schema)['backpressure-level'] = LEVEL;
      }
    },
  },
  {
    why: '`start_time` is the legacy duplicate of start-time, hidden from the yml but sent (REFERENCE §3).',
    apply: (s) => {
      (s.SubtaskExecutionAttemptDetailsInfo!.properties as Schema).start_time = { type: 'integer' };
    },
  },
  {
    why: 'ResourceIDSerializer writes the TaskManager id string (host:port-hex in standalone, pod names on k8s); the 32-hex pattern is a generator artefact.',
    apply: (s) => {
      s.ResourceID = { type: 'string' };
    },
  },
  {
    why: 'SlotSharingGroupId is written as a 32-hex string by its custom serializer; the yml shows the Java fields.',
    apply: (s) => {
      if (s.SlotSharingGroupId) s.SlotSharingGroupId = { type: 'string', pattern: '^[0-9a-f]{32}$' };
    },
  },
  {
    why: 'LatestCheckpoints fields are @Nullable and Jackson writes null when there is no such checkpoint.',
    apply: (s) => {
      const props = s.LatestCheckpoints!.properties as Record<string, Schema>;
      for (const k of Object.keys(props)) props[k] = { anyOf: [props[k], { type: 'null' }] };
    },
  },
  {
    why: 'savepointFormat is @Nullable: real 1.17.2, 1.20.5 and 2.3.0 write null for every checkpoint that is not a savepoint (test/fixtures/real-flink).',
    apply: (s) => {
      for (const schema of Object.values(s)) {
        const props = schema.properties as Record<string, Schema> | undefined;
        if (props?.savepointFormat) props.savepointFormat = { anyOf: [props.savepointFormat, { type: 'null' }] };
      }
    },
  },
  {
    why: 'ApplicationID (2.3) is written as its 32-hex string by its serializer, like JobID; the yml shows the Java fields (real 2.3.0: application-id is a string).',
    apply: (s) => {
      if (s.ApplicationID) s.ApplicationID = { type: 'string', pattern: '^[0-9a-f]{32}$' };
    },
  },
  {
    why: 'CheckpointConfigInfo.ProcessingModeSerializer writes mode.name().toLowerCase(): "exactly_once", not the enum constant.',
    apply: (s) => {
      s.ProcessingMode = { type: 'string', enum: ['at_least_once', 'exactly_once'] };
    },
  },
  {
    why: 'The 1.16 generator collapsed Java classes sharing a simple name (Summary, CheckpointDuration, CheckpointAlignment): CheckpointingStatistics.summary has the six StatsSummaryDto fields, and the subtask-details summary holds StatsSummaryDto objects (the 1.18+ ymls name them apart).',
    apply: (s) => {
      const summary = s.Summary;
      if (!summary?.properties || !(summary.properties as Schema).start_delay) return;
      const cs = s.CheckpointingStatistics!.properties as Schema;
      cs.summary = {
        type: 'object',
        properties: Object.fromEntries(
          [
            'checkpointed_size',
            'state_size',
            'end_to_end_duration',
            'alignment_buffered',
            'processed_data',
            'persisted_data',
          ].map((k) => [k, STATS_SUMMARY_REF]),
        ),
      };
      const props = summary.properties as Schema;
      props.checkpoint_duration = { type: 'object', properties: { sync: STATS_SUMMARY_REF, async: STATS_SUMMARY_REF } };
      props.alignment = {
        type: 'object',
        properties: {
          buffered: STATS_SUMMARY_REF,
          processed: STATS_SUMMARY_REF,
          persisted: STATS_SUMMARY_REF,
          duration: STATS_SUMMARY_REF,
        },
      };
    },
  },
  {
    why: 'SOURCES caveat: JobDetails in /jobs/overview before 1.17 and vertices[] of JobDetailsInfo in 1.15–1.17 are generator artefacts; use the 1.18 definitions. plan is @JsonRawValue, i.e. a JSON object.',
    apply: (s, v) => {
      if (v !== '1.15' && v !== '1.16' && v !== '1.17') return;
      const later = ymlSchemas('1.18');
      s.JobDetails = clone(later.JobDetails!);
      s.JobDetailsVertexInfo = clone(later.JobDetailsVertexInfo!);
      const info = s.JobDetailsInfo!.properties as Schema;
      info.vertices = { type: 'array', items: { $ref: '#/components/schemas/JobDetailsVertexInfo' } };
      info.plan = { type: 'object' };
    },
  },
];

type YmlDoc = { paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } };
const docs = new Map<SimulatedVersion, YmlDoc>();

/** The parsed yml; callers clone before changing it. */
function ymlDoc(version: SimulatedVersion): YmlDoc {
  let doc = docs.get(version);
  if (!doc) {
    doc = parseYaml(readFileSync(SPEC_DIR + SPEC_FILE[version], 'utf8')) as YmlDoc;
    docs.set(version, doc);
  }
  return doc;
}

function ymlSchemas(version: SimulatedVersion): Record<string, Schema> {
  return ymlDoc(version).components.schemas;
}

/** Merges allOf parts (after resolving refs against the raw schemas) into one object schema. */
function flattenAllOf(schema: Schema, raw: Record<string, Schema>): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const properties: Schema = { ...((schema.properties as Schema) ?? {}) };
  const required = new Set<string>((schema.required as string[]) ?? []);
  for (const part0 of schema.allOf as Schema[]) {
    const ref = part0.$ref as string | undefined;
    const part = flattenAllOf(ref ? raw[ref.split('/').pop()!]! : part0, raw);
    Object.assign(properties, (part.properties as Schema) ?? {});
    for (const r of (part.required as string[]) ?? []) required.add(r);
  }
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, type: 'object', properties, ...(required.size ? { required: [...required] } : {}) };
}

/** Rewrites an OpenAPI/Jackson schema node into strict draft-07 JSON schema. */
function strictify(node: unknown, refOf: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n, refOf));
  if (!node || typeof node !== 'object') return node;
  const s = node as Schema;
  if (typeof s.$ref === 'string') return { $ref: refOf(s.$ref) };
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'discriminator' || k === 'id' || k === 'format' || k === 'nullable' || k === 'example') continue;
    if (k === 'type' && v === 'any') continue;
    out[k] =
      k === 'properties' || k === 'definitions'
        ? Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, strictify(pv, refOf)]))
        : strictify(v, refOf);
  }
  // OpenAPI `nullable` → JSON-schema null.
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // Jackson writes a double NaN as the string "NaN" (WRITE_NAN_AS_STRINGS).
  if (out.type === 'number') return { anyOf: [out, { const: 'NaN' }] };
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** A discriminated base becomes a dispatcher on `className` to its strict subtypes. */
function dispatcher(mapping: Record<string, string>, refOf: (name: string) => string): Schema {
  return {
    type: 'object',
    required: ['className'],
    properties: { className: { enum: Object.keys(mapping) } },
    allOf: Object.entries(mapping).map(([value, target]) => ({
      if: { properties: { className: { const: value } } },
      then: { $ref: refOf(target) },
    })),
  };
}

function ymlDefinitions(version: SimulatedVersion): { defs: Record<string, Schema>; responses: Map<string, Schema> } {
  const doc = ymlDoc(version);
  const raw = clone(doc.components.schemas);
  for (const o of YML_OVERRIDES) o.apply(raw, version);
  const refOf = (ref: string) => REF + ref.split('/').pop();
  const defs: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(raw)) {
    const disc = schema.discriminator as { mapping?: Record<string, string> } | undefined;
    if (disc) {
      const mapping = disc.mapping
        ? Object.fromEntries(Object.entries(disc.mapping).map(([k, v]) => [k, v.split('/').pop()!]))
        : DEFAULT_MAPPINGS[name]!;
      defs[name] = dispatcher(mapping, (n) => REF + n);
    } else {
      defs[name] = strictify(flattenAllOf(schema, raw), refOf) as Schema;
    }
  }
  const responses = new Map<string, Schema>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    const get = ops.get as { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> } | undefined;
    const schema = get?.responses?.['200']?.content?.['application/json']?.schema;
    if (schema) responses.set(path.replace(/\{(\w+)\}/g, ':$1'), strictify(schema, refOf) as Schema);
  }
  return { defs, responses };
}

// ---------------------------------------------------------------- HTML JSON schemas (1.13, 1.14)

const HTML_METRIC_ENDPOINTS = new Set([
  '/jobmanager/metrics',
  '/taskmanagers/:taskmanagerid/metrics',
  '/jobs/:jobid/metrics',
  '/jobs/:jobid/vertices/:vertexid/metrics',
  '/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics',
  '/jobs/:jobid/vertices/:vertexid/watermarks',
]);

const HTML_AGGREGATED_ENDPOINTS = new Set([
  '/jobs/metrics',
  '/taskmanagers/metrics',
  '/jobs/:jobid/vertices/:vertexid/subtasks/metrics',
]);

const METRIC_ARRAY: Schema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, value: { type: 'string' } },
    additionalProperties: false,
  },
};

const HTML_OVERRIDES: { why: string; apply(byId: Map<string, Schema>): void }[] = [
  {
    why: 'JobDetailsInfo.plan is a @JsonRawValue String: documented as string, sent as the JSON plan object.',
    apply: (byId) => {
      const s = byId.get('job:JobDetailsInfo');
      if (s) (s.properties as Schema).plan = { type: 'object' };
    },
  },
  {
    why: 'Jackson schema generation leaves out the @JsonTypeInfo property `className` of polymorphic checkpoint classes, and lists only the base class for history[] and subtasks[].',
    apply: (byId) => {
      for (const [id, schema] of byId) {
        if (
          /(^|:)(Completed|Failed|Pending)?CheckpointStatistics$/.test(id) &&
          !id.endsWith('TaskCheckpointStatistics')
        ) {
          (schema.properties as Schema).className = { enum: ['completed', 'failed', 'in_progress'] };
        }
      }
      const base = byId.get('checkpoints:CheckpointStatistics');
      if (base) {
        const props = base.properties as Schema;
        Object.assign(props, {
          external_path: { type: 'string' },
          discarded: { type: 'boolean' },
          failure_timestamp: { type: 'integer' },
          failure_message: { type: 'string' },
        });
      }
      const sub = byId.get('checkpoints:SubtaskCheckpointStatistics');
      if (sub) {
        Object.assign(sub.properties as Schema, {
          className: { enum: ['completed', 'pending'] },
          ack_timestamp: { type: 'integer' },
          end_to_end_duration: { type: 'integer' },
          state_size: { type: 'integer' },
          checkpoint: { type: 'object', properties: { sync: { type: 'integer' }, async: { type: 'integer' } } },
          alignment: {
            type: 'object',
            properties: {
              buffered: { type: 'integer' },
              processed: { type: 'integer' },
              persisted: { type: 'integer' },
              duration: { type: 'integer' },
            },
          },
          start_delay: { type: 'integer' },
          unaligned_checkpoint: { type: 'boolean' },
          aborted: { type: 'boolean' },
        });
      }
    },
  },
  {
    why: '`start_time` is the legacy duplicate of start-time, sent but left out of the documented schema (REFERENCE §3).',
    apply: (byId) => {
      const s = byId.get('job:SubtaskExecutionAttemptDetailsInfo');
      if (s) (s.properties as Schema).start_time = { type: 'integer' };
    },
  },
  {
    why: 'LatestCheckpoints fields are @Nullable and Jackson writes null when there is no such checkpoint.',
    apply: (byId) => {
      const s = byId.get('checkpoints:CheckpointingStatistics:LatestCheckpoints');
      if (!s) return;
      const props = s.properties as Record<string, Schema>;
      for (const k of Object.keys(props)) props[k] = { anyOf: [props[k], { type: 'null' }] };
    },
  },
];

const shortId = (urn: string) => urn.replace(/^urn:jsonschema:org:apache:flink:runtime:rest:messages:/, '');

function htmlDefinitions(version: SimulatedVersion): { defs: Record<string, Schema>; responses: Map<string, Schema> } {
  const html = readFileSync(SPEC_DIR + SPEC_FILE[version], 'utf8');
  const byId = new Map<string, Schema>();
  const responses = new Map<string, Schema>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    const s = node as Schema;
    if (typeof s.id === 'string' && s.properties) byId.set(shortId(s.id), s);
    Object.values(s).forEach(collect);
  };
  const parsed: [string, Schema][] = [];
  for (const table of html.split('<table class="rest-api').slice(1)) {
    const path = /<strong>([^<]+)<\/strong>/.exec(table)?.[1];
    const verb = /Verb: <code>(\w+)<\/code>/.exec(table)?.[1];
    const resp = table.split('<span>Response</span>')[1];
    const code = resp && /<code>([\s\S]*?)<\/code>/.exec(resp)?.[1];
    if (!path || verb !== 'GET' || !code) continue;
    const schema = JSON.parse(code) as Schema;
    collect(schema);
    parsed.push([path, schema]);
  }
  for (const o of HTML_OVERRIDES) o.apply(byId);
  // Jackson's draft-3 style: `"required": true` on a property belongs in the parent's list.
  const liftRequired = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(liftRequired);
    if (!node || typeof node !== 'object') return node;
    const s = node as Schema;
    const out: Schema = {};
    for (const [k, v] of Object.entries(s)) if (!(k === 'required' && typeof v === 'boolean')) out[k] = liftRequired(v);
    if (s.properties) {
      const req = Object.entries(s.properties as Record<string, Schema>)
        .filter(([, p]) => p.required === true)
        .map(([k]) => k);
      if (req.length) out.required = req;
    }
    return out;
  };
  // Every endpoint's schema repeats the definitions it uses; refer to the one (overridden) copy.
  const refify = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => refify(n, false));
    if (!node || typeof node !== 'object') return node;
    const s = node as Schema;
    if (!root && typeof s.id === 'string' && s.properties) return { $ref: s.id };
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, refify(v, false)]));
  };
  const refOf = (urn: string) => REF + shortId(urn).replace(/:/g, '.');
  const defs: Record<string, Schema> = {};
  for (const [id, schema] of byId)
    defs[id.replace(/:/g, '.')] = strictify(liftRequired(refify(schema, true)), refOf) as Schema;
  for (const [path, schema] of parsed) {
    if (HTML_METRIC_ENDPOINTS.has(path)) responses.set(path, METRIC_ARRAY);
    else if (HTML_AGGREGATED_ENDPOINTS.has(path))
      responses.set(path, strictify(aggregatedRows(false), refOf) as Schema);
    else if (typeof schema.id === 'string' && schema.properties) responses.set(path, { $ref: refOf(schema.id) });
    else responses.set(path, strictify(liftRequired(refify(schema, true)), refOf) as Schema);
  }
  return { defs, responses };
}

// ---------------------------------------------------------------- public

export interface SpecValidator {
  file: string;
  /** Error messages; empty when the body matches the spec of `endpoint` (Flink path syntax). */
  validate(endpoint: string, body: unknown): string[];
  has(endpoint: string): boolean;
}

const loaded = new Map<SimulatedVersion, SpecValidator>();

export function loadSpecValidator(version: SimulatedVersion): SpecValidator {
  let v = loaded.get(version);
  if (!v) {
    v = buildValidator(version);
    loaded.set(version, v);
  }
  return v;
}

function buildValidator(version: SimulatedVersion): SpecValidator {
  const { defs, responses } = SPEC_FILE[version].endsWith('.yml') ? ymlDefinitions(version) : htmlDefinitions(version);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'flink', definitions: defs });
  const compiled = new Map<string, ValidateFunction>();
  return {
    file: SPEC_FILE[version],
    has: (endpoint) => responses.has(endpoint),
    validate(endpoint, body) {
      const schema = responses.get(endpoint);
      if (!schema) return [`${SPEC_FILE[version]} documents no GET ${endpoint}`];
      let fn = compiled.get(endpoint);
      if (!fn) {
        fn = ajv.compile(schema);
        compiled.set(endpoint, fn);
      }
      if (fn(body)) return [];
      return (fn.errors ?? []).map(
        (e) =>
          `${endpoint}${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
    },
  };
}
