// What the parts of one running job (deployment, lifecycle, flow, metrics) share.

import type { SimJob } from '../types';
import type { JobSpec } from './spec';
import type { TaskManagerRt } from './taskmanager';
import type { VertexRt } from './vertex-rt';

export interface JobParts {
  readonly spec: JobSpec;
  readonly view: SimJob;
  /** In topological order: a step processes upstream vertices first. */
  readonly vertices: readonly VertexRt[];
  readonly byKey: ReadonlyMap<string, VertexRt>;
  readonly tms: readonly TaskManagerRt[];
  readonly stepMs: number;
  /** Absolute ms the job was submitted at; scripted events count from here. */
  readonly start: number;
}
