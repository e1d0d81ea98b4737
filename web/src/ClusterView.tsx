// Nodes with what they can hold against what their pods request, the pods waiting for a node
// with the scheduler's reason, and on the simulator the fault injection panel.
import { useEffect, useState } from 'preact/hooks';
import { api, type ClusterState, type NodeRow } from './api.ts';
import { clockTime, count, cpu, memory } from './format.ts';
import { FaultPanel } from './FaultPanel.tsx';

/** Pending pods listed one by one (the reasons table counts them all). */
const SHOWN = 50;

export function ClusterView({ controls, tick }: { controls: boolean; tick: number }) {
  const [state, setState] = useState<ClusterState>();
  const [error, setError] = useState<string>();
  const load = () =>
    api
      .cluster()
      .then((s) => (setState(s), setError(undefined)))
      .catch((err: Error) => setError(err.message));
  // Reloaded when the watch stream reports a change (tick), at most every 500 ms, and every 5 s.
  useEffect(() => {
    const t = setTimeout(load, 500);
    return () => clearTimeout(t);
  }, [tick]);
  useEffect(() => {
    load();
    const t = setInterval(load, 5000);
    return () => clearInterval(t);
  }, []);
  return (
    <div class="cluster">
      {error && <div class="error">{error}</div>}
      {state?.errors.map((e) => (
        <div class="error" key={e}>
          {e}
        </div>
      ))}
      <h2>Nodes</h2>
      <table class="nodes" data-testid="nodes">
        <thead>
          <tr>
            <th>node</th>
            <th>state</th>
            <th>cpu requested / allocatable</th>
            <th>memory requested / allocatable</th>
            <th>pods</th>
            <th>taints</th>
          </tr>
        </thead>
        <tbody>
          {state?.nodes.map((n) => <NodeLine key={n.name} node={n} />)}
          {state && state.nodes.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                no nodes
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {controls && <FaultPanel nodes={state?.nodes.map((n) => n.name) ?? []} onChange={load} />}
      <h2>
        Pending pods {state ? <span class="muted">({count(state.pendingTotal)})</span> : null}
      </h2>
      {state && state.pendingReasons.length > 0 && (
        <table class="reasons" data-testid="pending-reasons">
          <thead>
            <tr>
              <th>pods</th>
              <th>why they wait</th>
            </tr>
          </thead>
          <tbody>
            {state.pendingReasons.map((r) => (
              <tr key={`${r.reason} ${r.message}`}>
                <td>{count(r.count)}</td>
                <td>
                  <b>{r.reason}</b> {r.message ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table class="pending" data-testid="pending">
        <thead>
          <tr>
            <th>pod</th>
            <th>since</th>
            <th>reason</th>
            <th>message</th>
          </tr>
        </thead>
        <tbody>
          {state?.pending.slice(0, SHOWN).map((p) => (
            <tr key={p.name}>
              <td class="mono">{p.name}</td>
              <td>{clockTime(p.since)}</td>
              <td>{p.reason}</td>
              <td>{p.message ?? ''}</td>
            </tr>
          ))}
          {state && state.pendingTotal === 0 && (
            <tr>
              <td colSpan={4} class="muted">
                every pod has a node
              </td>
            </tr>
          )}
          {state && state.pendingTotal > SHOWN && (
            <tr>
              <td colSpan={4} class="muted">
                and {count(state.pendingTotal - SHOWN)} more
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function Meter({ used, of, text }: { used: number; of: number; text: string }) {
  const pct = of > 0 ? Math.min(100, (used / of) * 100) : used > 0 ? 100 : 0;
  return (
    <div class="meter" title={`${pct.toFixed(0)}%`}>
      <div class={`meter-fill${pct >= 100 ? ' full' : ''}`} style={{ width: `${pct}%` }} />
      <span>{text}</span>
    </div>
  );
}

function NodeLine({ node: n }: { node: NodeRow }) {
  return (
    <tr data-node={n.name}>
      <td class="mono">{n.name}</td>
      <td>{!n.ready ? 'NotReady' : n.unschedulable ? 'cordoned' : 'Ready'}</td>
      <td>
        <Meter used={n.requested.cpu} of={n.allocatable.cpu} text={`${cpu(n.requested.cpu)} / ${cpu(n.allocatable.cpu)}`} />
      </td>
      <td>
        <Meter used={n.requested.memory} of={n.allocatable.memory} text={`${memory(n.requested.memory)} / ${memory(n.allocatable.memory)}`} />
      </td>
      <td>
        {n.requested.pods} / {n.allocatable.pods}
      </td>
      <td class="mono">{n.taints.join(', ')}</td>
    </tr>
  );
}
