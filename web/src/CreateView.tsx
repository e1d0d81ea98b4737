// Creating a job or a batch, starting from the examples of the public documentation (bundled from
// test/fixtures/documentation at build time) or from a few that show the simulator's behaviour.
import { useState } from 'preact/hooks';
import { api } from './api.ts';
import manifest from '../../test/fixtures/documentation/manifest.json';
import { href } from './route.ts';

const files = import.meta.glob<unknown>('../../test/fixtures/documentation/*-request-*.json', { eager: true, import: 'default' });

interface Example {
  title: string;
  target: 'job' | 'batch';
  body: unknown;
}

const documented: Example[] = (manifest.fixtures as { file: string; kind: string; path: string; section: string }[])
  .filter((f) => f.kind === 'request')
  .map((f) => ({
    title: `documentation: ${f.section} (${f.file.replace(/\.json$/, '')})`,
    target: f.path.includes('/batches') ? ('batch' as const) : ('job' as const),
    body: files[`../../test/fixtures/documentation/${f.file}`],
  }));

const simulated: Example[] = [
  { title: 'a job that runs 20 s', target: 'job', body: { jobId: 'hello', variables: { WORKLOAD_SECONDS: '20' } } },
  { title: 'a job that fails twice, then succeeds (backoff 10 s, 20 s)', target: 'job', body: { jobId: 'flaky', backoffLimit: 3, variables: { WORKLOAD_SECONDS: '5', WORKLOAD_EXIT_CODES: '1,1,0' } } },
  { title: 'a job that hits its time limit', target: 'job', body: { jobId: 'slow', timeLimitSeconds: 10, backoffLimit: 1, variables: { WORKLOAD_SECONDS: '60' } } },
  {
    title: 'a batch of 100 jobs, 1 in 10 failing',
    target: 'batch',
    body: {
      batchId: 'hundred',
      defaultRadixJobComponentConfig: { backoffLimit: 1, variables: { WORKLOAD_SECONDS: '30' } },
      jobScheduleDescriptions: Array.from({ length: 100 }, (_, i) => ({ jobId: `job-${i}`, ...(i % 10 === 0 ? { variables: { WORKLOAD_EXIT_CODE: '2' } } : {}) })),
    },
  },
  { title: 'a job too big for any node (stays Pending, Unschedulable)', target: 'job', body: { jobId: 'huge', resources: { requests: { cpu: '64', memory: '1Ti' } } } },
];

const examples = [...simulated, ...documented];

export function CreateView() {
  const [index, setIndex] = useState(0);
  const [target, setTarget] = useState(examples[0]!.target);
  const [text, setText] = useState(JSON.stringify(examples[0]!.body, null, 2));
  const [result, setResult] = useState<{ ok: boolean; text: string; link?: string }>();
  const choose = (i: number) => {
    const ex = examples[i]!;
    setIndex(i);
    setTarget(ex.target);
    setText(JSON.stringify(ex.body, null, 2));
    setResult(undefined);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const made = target === 'job' ? await api.createJob(text) : await api.createBatch(text);
      setResult({ ok: true, text: `created ${made.name}`, link: target === 'job' ? href({ view: 'jobs', job: made.name }) : href({ view: 'jobs', batch: made.name }) });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <form class="create" onSubmit={submit} data-testid="create-form">
      <label>
        start from{' '}
        <select value={index} onChange={(e) => choose(Number((e.target as HTMLSelectElement).value))} data-testid="create-example">
          {examples.map((ex, i) => (
            <option key={i} value={i}>
              {ex.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        create a{' '}
        <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value as 'job' | 'batch')}>
          <option value="job">single job (POST /api/v1/jobs)</option>
          <option value="batch">batch (POST /api/v1/batches)</option>
        </select>
      </label>
      <textarea rows={22} spellcheck={false} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} data-testid="create-body" />
      <div>
        <button type="submit" data-testid="create-submit">
          Create
        </button>{' '}
        {result &&
          (result.ok ? (
            <span class="ok" data-testid="create-result">
              {result.text} <a href={result.link}>open</a>
            </span>
          ) : (
            <span class="error" data-testid="create-result">
              {result.text}
            </span>
          ))}
      </div>
    </form>
  );
}
