// Breaking the simulated cluster on purpose (POST /sim/v1/faults): node loss, capacity shortage,
// image pull errors and API faults, and the faults in force.
import { useEffect, useState } from 'preact/hooks';
import { api, type Fault } from './api.ts';

type Kind = 'nodeLoss' | 'nodeShortage' | 'imagePullFailure' | 'api';

export function FaultPanel({ nodes, onChange }: { nodes: string[]; onChange: () => void }) {
  const [faults, setFaults] = useState<Fault[]>([]);
  const [kind, setKind] = useState<Kind>('nodeLoss');
  const [node, setNode] = useState('');
  const [duration, setDuration] = useState('');
  const [cpuAmount, setCpu] = useState('2');
  const [memAmount, setMem] = useState('8Gi');
  const [image, setImage] = useState('*');
  const [verb, setVerb] = useState('create');
  const [resource, setResource] = useState('Job');
  const [apiError, setApiError] = useState('500');
  const [fraction, setFraction] = useState('0.5');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const reload = () => api.sim.faults().then(setFaults).catch(() => undefined);
  useEffect(() => {
    reload();
  }, []);

  const inject = async (e: Event) => {
    e.preventDefault();
    const f: Record<string, unknown> = { type: kind };
    if (duration) f.durationSeconds = Number(duration);
    if (kind === 'nodeLoss') f.node = node || nodes[0];
    if (kind === 'nodeShortage') {
      if (node) f.node = node;
      if (cpuAmount) f.cpu = cpuAmount;
      if (memAmount) f.memory = memAmount;
    }
    if (kind === 'imagePullFailure') f.image = image;
    if (kind === 'api') Object.assign(f, { verb, resource, error: apiError === 'timeout' ? 'timeout' : Number(apiError), fraction: Number(fraction) });
    try {
      const made = await api.sim.inject(f);
      setMessage({ ok: true, text: `injected ${made.id} (${made.type})` });
      reload();
      onChange();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };

  return (
    <section class="faults" data-testid="fault-panel">
      <h2>Faults</h2>
      <form onSubmit={inject} class="fault-form">
        <label>
          fault{' '}
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind)} data-testid="fault-type">
            <option value="nodeLoss">node loss</option>
            <option value="nodeShortage">capacity shortage</option>
            <option value="imagePullFailure">image pull errors</option>
            <option value="api">API errors</option>
          </select>
        </label>
        {(kind === 'nodeLoss' || kind === 'nodeShortage') && (
          <label>
            node{' '}
            <select value={node} onChange={(e) => setNode((e.target as HTMLSelectElement).value)} data-testid="fault-node">
              {kind === 'nodeShortage' && <option value="">every node</option>}
              {kind === 'nodeLoss' && <option value="">{nodes[0] ?? ''}</option>}
              {nodes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'nodeShortage' && (
          <>
            <label>
              cpu <input size={5} value={cpuAmount} onInput={(e) => setCpu((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              memory <input size={6} value={memAmount} onInput={(e) => setMem((e.target as HTMLInputElement).value)} />
            </label>
          </>
        )}
        {kind === 'imagePullFailure' && (
          <label>
            image (glob) <input size={16} value={image} onInput={(e) => setImage((e.target as HTMLInputElement).value)} />
          </label>
        )}
        {kind === 'api' && (
          <>
            <label>
              verb{' '}
              <select value={verb} onChange={(e) => setVerb((e.target as HTMLSelectElement).value)}>
                {['*', 'create', 'get', 'list', 'update', 'updateStatus', 'delete'].map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
            <label>
              resource <input size={10} value={resource} onInput={(e) => setResource((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              error{' '}
              <select value={apiError} onChange={(e) => setApiError((e.target as HTMLSelectElement).value)}>
                {['500', '409', '429', 'timeout'].map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
            <label>
              fraction <input size={4} value={fraction} onInput={(e) => setFraction((e.target as HTMLInputElement).value)} />
            </label>
          </>
        )}
        <label>
          for (s) <input size={5} placeholder="until removed" value={duration} onInput={(e) => setDuration((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-testid="fault-inject">
          Inject
        </button>
      </form>
      {message && <div class={message.ok ? 'ok' : 'error'}>{message.text}</div>}
      <table class="fault-list" data-testid="fault-list">
        <tbody>
          {faults.map((f) => (
            <tr key={f.id}>
              <td class="mono">{f.id}</td>
              <td>{f.type}</td>
              <td class="mono">{JSON.stringify(Object.fromEntries(Object.entries(f).filter(([k]) => !['id', 'type'].includes(k))))}</td>
              <td>
                <button onClick={() => api.sim.removeFault(f.id).then(reload).then(onChange)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
