// "Capture now": a viewer asks for the selected vertex's flame graphs and thread dumps while the
// session is recorded by this same process (the desktop app's recorder thread, or `backflow demo
// --serve`). The recorder decides within its bounds (one sampling in flight per cluster, a vertex
// at most once per 30 s on request); without a recorder here the call is refused.

import { ApiNotFoundError, ApiRefusedError, type ApiHandlers, type CaptureEvidenceResult } from '../../shared/api';
import type { Meta } from './session-cache';

export interface EvidenceRequest {
  clusterId: number;
  jobId: string;
  vertexId: string;
}

/** The recorder of the open session, as the service reaches it. */
export interface CaptureControl {
  /** Whether this process records the session right now. */
  active(): boolean;
  request(r: EvidenceRequest): CaptureEvidenceResult | Promise<CaptureEvidenceResult>;
}

export function captureHandler(
  control: CaptureControl | undefined,
  meta: () => Meta,
): { canCapture(): boolean; captureEvidence: ApiHandlers['captureEvidence'] } {
  const canCapture = () => control?.active() ?? false;
  return {
    canCapture,
    captureEvidence: async (p) => {
      if (!control || !canCapture())
        throw new ApiRefusedError(
          'captureEvidence: this session is not being recorded by this process, so nothing can be captured now',
        );
      const known = meta().vertices.some(
        (v) => v.clusterId === p.clusterId && v.jobId === p.jobId && v.vertexId === p.vertexId,
      );
      if (!known)
        throw new ApiNotFoundError(`captureEvidence: no vertex ${p.vertexId} of job ${p.jobId} in this session`);
      return control.request(p);
    },
  };
}
