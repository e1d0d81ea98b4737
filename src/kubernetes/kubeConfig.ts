// Where the kubernetes backend finds its cluster: --kubeconfig, else in-cluster config (in a pod),
// else $KUBECONFIG / ~/.kube/config. The namespace: --namespace, else the pod's own namespace, else
// the kubeconfig context's, else "default". A file that cannot be read is named in one line.
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { InputFileError, readInputFile } from '../common/inputFile.js';

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
const SA_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** Largest kubeconfig read (a kubeconfig with embedded certificates is a few KB). */
const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Where the configuration came from, for the start-up log. */
  source: string;
  server: string;
}

/** A kubeconfig that is missing or cannot be read; the message names the file. */
export class KubeConfigError extends Error {}

export interface KubeConfigEnvironment {
  /** Process environment (KUBECONFIG, KUBERNETES_SERVICE_HOST). */
  env: NodeJS.ProcessEnv;
  /** Home directory, for ~/.kube/config. */
  home: string;
  /** The ServiceAccount token file of a pod. */
  tokenFile: string;
}

const processEnvironment = (): KubeConfigEnvironment => ({ env: process.env, home: homedir(), tokenFile: SA_TOKEN_FILE });

export function loadKubeConfig(opts: { kubeconfig?: string; namespace?: string } = {}, where: KubeConfigEnvironment = processEnvironment()): LoadedKubeConfig {
  const kc = new KubeConfig();
  let source: string;
  let inCluster = false;
  const kubeconfigEnv = (where.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const homeConfig = join(where.home, '.kube', 'config');
  if (opts.kubeconfig) {
    source = opts.kubeconfig;
    loadFiles(kc, [opts.kubeconfig], '--kubeconfig ');
  } else if (where.env.KUBERNETES_SERVICE_HOST && existsSync(where.tokenFile)) {
    kc.loadFromCluster();
    source = 'in-cluster service account';
    inCluster = true;
  } else if (kubeconfigEnv.length > 0) {
    // The files of $KUBECONFIG merged, the first one's context current.
    source = `$KUBECONFIG (${kubeconfigEnv.join(delimiter)})`;
    loadFiles(kc, kubeconfigEnv, 'kubeconfig ');
  } else if (existsSync(homeConfig)) {
    source = homeConfig;
    loadFiles(kc, [homeConfig], 'kubeconfig ');
  } else {
    // The client library would fall back to http://localhost:8080, which no cluster serves any more.
    throw new KubeConfigError(
      `no kubeconfig: --kubeconfig not given, not running in a pod, $KUBECONFIG not set and ${homeConfig} does not exist; pass --kubeconfig PATH`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    const why = kc.getClusters().length === 0 ? 'has no clusters' : `its current-context "${kc.getCurrentContext()}" names none of its clusters`;
    throw new KubeConfigError(`the kubeconfig (${source}) ${why}; pass --kubeconfig PATH`);
  }
  let namespace = opts.namespace;
  if (!namespace && inCluster && existsSync(SA_NAMESPACE_FILE)) namespace = readFileSync(SA_NAMESPACE_FILE, 'utf8').trim();
  if (!namespace) namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { kubeConfig: kc, namespace: namespace || 'default', source, server: cluster.server };
}

/** Loads `files` into `kc` (the first one's context current, the rest merged), naming a file that fails. */
function loadFiles(kc: KubeConfig, files: string[], label: string): void {
  files.forEach((file, i) => {
    const into = i === 0 ? kc : new KubeConfig();
    let text: string;
    try {
      // Read here, not by the library's loadFromFile: only a regular file of sane size.
      text = readInputFile(file, MAX_KUBECONFIG_BYTES);
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      throw new KubeConfigError(`${label}${err.message}`);
    }
    try {
      into.loadFromString(text);
      // As loadFromFile: certificate and key paths are relative to the file's folder.
      into.makePathsAbsolute(dirname(file));
    } catch (err) {
      throw new KubeConfigError(`${label}${file}: ${readError(err)}`);
    }
    // As kubectl merges them: the first file's current-context stays (the library's own merge of
    // $KUBECONFIG lets the last file's win).
    if (into !== kc) kc.mergeConfig(into, true);
  });
}

/** One line for what the library found wrong in a kubeconfig. */
function readError(err: unknown): string {
  // The library reads an empty or non-mapping document's fields without checking it first.
  if (err instanceof TypeError) return 'not a kubeconfig (a YAML mapping with clusters, contexts and users)';
  const message = err instanceof Error ? err.message : String(err);
  // A YAML error carries a code frame after its first line (which ends with the line:column).
  return message.split('\n')[0]!.trim();
}
