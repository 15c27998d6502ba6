import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api.js';
import { ACTIVE, type ImportJob, type ImportRow, type Mapping, type PlanOptions, type Review, type Upload } from './plan.js';

export const useImportList = () =>
  useQuery({
    queryKey: ['imports'],
    queryFn: () => api<{ items: ImportJob[] }>('GET', '/api/imports'),
    refetchInterval: (q) => (q.state.data?.items.some((j) => ACTIVE.has(j.status)) ? 2000 : false),
  });

/** One job, polled while it works (preview, run, undo). */
export const useImportJob = (id: number) =>
  useQuery({
    queryKey: ['imports', id],
    queryFn: () => api<ImportJob>('GET', `/api/imports/${id}`),
    refetchInterval: (q) => (q.state.data && ACTIVE.has(q.state.data.status) ? 500 : false),
    staleTime: 0,
  });

export const useRejectedRows = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: ['imports', id, 'rejected'],
    queryFn: () => api<{ items: ImportRow[] }>('GET', `/api/imports/${id}/rows?action=rejected&limit=100`),
    enabled,
    staleTime: 0,
  });

/** What the preview (or run) changes in clients already in the base, and its warnings: the first 50 of each. */
export const useReview = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: ['imports', id, 'review'],
    queryFn: () => api<Review>('GET', `/api/imports/${id}/review?limit=50`),
    enabled,
    staleTime: 0,
  });

/** The sample rows and suggestions come with the upload only; kept for this tab so a reload still shows them. */
const sampleKey = (id: number) => `clientela.import.${id}`;
export function rememberUpload(u: Upload) {
  try {
    sessionStorage.setItem(sampleKey(u.job.id), JSON.stringify({ sample: u.sample, suggested: u.suggested, targets: u.targets }));
  } catch {
    /* storage full or disabled: the wizard works without samples */
  }
}
export function recallUpload(id: number): Omit<Upload, 'job'> | null {
  try {
    const s = sessionStorage.getItem(sampleKey(id));
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

/**
 * Sends the file's raw bytes (XHR, for upload progress). Resolves with the server's answer; rejects
 * with an ApiError (status 0 when the connection broke, e.g. the server stopped a too large upload).
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports?name=${encodeURIComponent(file.name || 'upload')}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: { error?: { code?: string; message?: string; details?: unknown } } | null = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data as unknown as Upload);
      else
        reject(
          new ApiError(xhr.status, data?.error?.code ?? `HTTP_${xhr.status}`, data?.error?.message ?? xhr.statusText, data?.error?.details ?? null),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload was cut off', null));
    xhr.send(file);
  });
}

/** preview / run / resume / undo: each answers the job (undo: with the clients it had to keep). */
export function useImportAction(id: number) {
  const qc = useQueryClient();
  const done = (job: ImportJob) => {
    qc.setQueryData(['imports', id], job);
    void qc.invalidateQueries({ queryKey: ['imports'] });
  };
  const start = useMutation({
    mutationFn: (v: { kind: 'preview' | 'run'; mapping: Mapping; options: PlanOptions }) =>
      api<ImportJob>('POST', `/api/imports/${id}/${v.kind}`, { mapping: v.mapping, options: v.options }),
    onSuccess: done,
  });
  const resume = useMutation({ mutationFn: () => api<ImportJob>('POST', `/api/imports/${id}/resume`), onSuccess: done });
  const undo = useMutation({
    mutationFn: () => api<{ job: ImportJob; kept: { rowNo: number; clientId: number; why: string }[] }>('POST', `/api/imports/${id}/undo`),
    onSuccess: (r) => {
      done(r.job);
      void qc.invalidateQueries({ queryKey: ['clients'] });
    },
  });
  return { start, resume, undo };
}
