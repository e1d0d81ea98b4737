// Where the kubernetes backend finds its cluster, and what it says when it cannot: every failure
// names the file (or says none was found) in one line, instead of the client library's TypeError,
// code frame or silent fallback to http://localhost:8080.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeConfigError, loadKubeConfig, type KubeConfigEnvironment } from '../../src/kubernetes/kubeConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-kubeconfig-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const config = (server: string, namespace?: string, context = 'ctx') =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c-${context}`,
    `  cluster: {server: "${server}"}`,
    'contexts:',
    `- name: ${context}`,
    `  context: {cluster: c-${context}, user: u-${context}${namespace ? `, namespace: ${namespace}` : ''}}`,
    `current-context: ${context}`,
    'users:',
    `- name: u-${context}`,
    '  user: {token: t}',
    '',
  ].join('\n');

/** An environment outside any pod, with no $KUBECONFIG and an empty home unless given. */
const outside = (env: NodeJS.ProcessEnv = {}, home = mkdtempSync(join(dir, 'home-'))): KubeConfigEnvironment => ({
  env,
  home,
  tokenFile: join(dir, 'no-token'),
});

const failure = (load: () => unknown): string => {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(KubeConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the kubeconfig to be refused');
};

describe('loadKubeConfig', () => {
  it('reads --kubeconfig: its cluster, and the namespace of its context unless one is given', () => {
    const path = file('ok.yaml', config('https://10.0.0.1:6443', 'team-a'));
    const loaded = loadKubeConfig({ kubeconfig: path }, outside());
    expect(loaded).toMatchObject({ server: 'https://10.0.0.1:6443', namespace: 'team-a', source: path });
    expect(loadKubeConfig({ kubeconfig: path, namespace: 'other' }, outside()).namespace).toBe('other');
    expect(loadKubeConfig({ kubeconfig: file('nons.yaml', config('https://10.0.0.2:6443')) }, outside()).namespace).toBe('default');
  });

  it('reads ~/.kube/config, and $KUBECONFIG before it (its files merged, the first one current)', () => {
    const home = mkdtempSync(join(dir, 'home-'));
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), config('https://home:6443'));
    expect(loadKubeConfig({}, outside({}, home))).toMatchObject({ server: 'https://home:6443', source: join(home, '.kube', 'config') });
    const first = file('first.yaml', config('https://first:6443', undefined, 'one'));
    const second = file('second.yaml', config('https://second:6443', undefined, 'two'));
    const both = `${first}${delimiter}${second}`;
    const loaded = loadKubeConfig({}, outside({ KUBECONFIG: both }, home));
    expect(loaded).toMatchObject({ server: 'https://first:6443', source: `$KUBECONFIG (${both})` });
    expect(loaded.kubeConfig.getContexts().map((c) => c.name)).toEqual(['one', 'two']);
  });

  it('says that no kubeconfig was found instead of trying http://localhost:8080', () => {
    const home = mkdtempSync(join(dir, 'home-'));
    expect(failure(() => loadKubeConfig({}, outside({}, home)))).toBe(
      `no kubeconfig: --kubeconfig not given, not running in a pod, $KUBECONFIG not set and ${join(home, '.kube', 'config')} does not exist; pass --kubeconfig PATH`,
    );
  });

  it('names the file that cannot be read, in one line', () => {
    const cases: [string, string][] = [
      [join(dir, 'missing.yaml'), 'no such file'],
      [dir, 'is a directory, not a file'],
      // Read for ever by the library's own loadFromFile.
      ['/dev/zero', 'not a regular file'],
      [file('empty.yaml', ''), 'not a kubeconfig (a YAML mapping with clusters, contexts and users)'],
      [file('blank.yaml', '   \n'), 'not a kubeconfig (a YAML mapping with clusters, contexts and users)'],
      [file('nameless.yaml', 'apiVersion: v1\nclusters:\n- cluster: {server: https://x}\n'), 'clusters[0].name is missing'],
    ];
    for (const [path, why] of cases) expect(failure(() => loadKubeConfig({ kubeconfig: path }, outside()))).toBe(`--kubeconfig ${path}: ${why}`);
    // A YAML error: its first line, which gives the line and column, without the code frame.
    const broken = file('broken.yaml', 'apiVersion: v1\nclusters: [\n');
    expect(failure(() => loadKubeConfig({ kubeconfig: broken }, outside()))).toMatch(new RegExp(`^--kubeconfig ${broken}: .*\\(3:1\\)$`));
    // One bad file of $KUBECONFIG is named among the others.
    const good = file('good.yaml', config('https://good:6443'));
    expect(failure(() => loadKubeConfig({}, outside({ KUBECONFIG: `${good}${delimiter}${broken}` })))).toMatch(new RegExp(`^kubeconfig ${broken}: `));
  });

  it('says why a readable kubeconfig gives no cluster', () => {
    const none = file('none.yaml', 'apiVersion: v1\nkind: Config\n');
    expect(failure(() => loadKubeConfig({ kubeconfig: none }, outside()))).toBe(`the kubeconfig (${none}) has no clusters; pass --kubeconfig PATH`);
    const dangling = file('dangling.yaml', config('https://x:6443').replace('current-context: ctx', 'current-context: elsewhere'));
    expect(failure(() => loadKubeConfig({ kubeconfig: dangling }, outside()))).toBe(
      `the kubeconfig (${dangling}) its current-context "elsewhere" names none of its clusters; pass --kubeconfig PATH`,
    );
  });
});
