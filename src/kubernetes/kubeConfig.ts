// Where the kubernetes backend finds its cluster: --kubeconfig, else in-cluster config (in a pod),
// else $KUBECONFIG / ~/.kube/config. The namespace: --namespace, else the pod's own namespace, else
// the kubeconfig context's, else "default".
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Where the configuration came from, for the start-up log. */
  source: string;
  server: string;
}

export function loadKubeConfig(opts: { kubeconfig?: string; namespace?: string } = {}): LoadedKubeConfig {
  const kc = new KubeConfig();
  let source: string;
  let inCluster = false;
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) throw new Error(`--kubeconfig ${opts.kubeconfig}: no such file`);
    kc.loadFromFile(opts.kubeconfig);
    source = opts.kubeconfig;
  } else if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
    kc.loadFromCluster();
    source = 'in-cluster service account';
    inCluster = true;
  } else {
    kc.loadFromDefault();
    source = process.env.KUBECONFIG || '~/.kube/config';
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`no cluster in the kubeconfig (${source}); pass --kubeconfig PATH`);
  let namespace = opts.namespace;
  if (!namespace && inCluster && existsSync(SA_NAMESPACE_FILE)) namespace = readFileSync(SA_NAMESPACE_FILE, 'utf8').trim();
  if (!namespace) namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { kubeConfig: kc, namespace: namespace || 'default', source, server: cluster.server };
}
