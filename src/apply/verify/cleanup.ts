/**
 * Removing what verify made: at the end of every run (unless --keep), and before a run, what an
 * interrupted one left once its time is over. Anything that cannot be removed is reported with
 * the command that removes it.
 */
import { shellWord } from "../../fixes/shell.js";
import { NAMESPACE_REF, POD_REF, SERVICE_EXPORT_REF, SERVICE_REF } from "../../kube/resources.js";
import type { KubeObject, ResourceRef } from "../../kube/types.js";
import type { Reporter } from "../../reporter.js";
import { ANNOTATION_EXPIRES, LABEL_RUN, OURS } from "../../verify/manifests.js";
import type { Made, ProbeTarget, RunProbesOptions } from "./run-probes.js";

/** Something of verify's still in a member after the run, and how to remove it. */
export interface Leftover {
  readonly member: string;
  readonly what: string;
  readonly command: string;
}

function kubectlIn(context: string, args: string): string {
  return `kubectl --context ${shellWord(context)} ${args}`;
}

/** What verify makes in a namespace of the user's (--namespace), each removed by its labels. */
function kindsIn(paths: boolean): ResourceRef[] {
  return paths ? [POD_REF, SERVICE_REF, SERVICE_EXPORT_REF] : [POD_REF];
}

const kubectlName = (r: ResourceRef) => (r.group ? `${r.plural}.${r.group}` : r.plural);

/** The command that removes one run's objects from a member by hand. */
export function removalCommand(
  context: string,
  run: string,
  namespace?: string,
  paths = false,
): string {
  const selector = `${LABEL_RUN}=${run}`;
  return namespace
    ? kubectlIn(
        context,
        `delete ${kindsIn(paths).map(kubectlName).join(",")} -n ${shellWord(namespace)} -l ${selector}`,
      )
    : kubectlIn(context, `delete namespace -l ${selector}`);
}

/** Before a run: remove what earlier runs left once their time is over; leave running ones. */
export async function removeExpired(
  t: ProbeTarget,
  namespace: string | undefined,
  now: number,
  reporter: Reporter,
  paths: boolean,
): Promise<void> {
  for (const ref of namespace ? kindsIn(paths) : [NAMESPACE_REF]) {
    const list = await t.client.list(
      namespace ? { ...ref, namespace, labelSelector: OURS } : { ...ref, labelSelector: OURS },
    );
    if (!list.ok) continue; // the access check asked for list: a failure here is the run's to meet
    for (const o of list.value.items) {
      const name = o.metadata?.name ?? "";
      if (o.metadata?.deletionTimestamp) continue;
      const expires = Date.parse(annotation(o, ANNOTATION_EXPIRES) ?? "");
      const kind = namespace ? `${o.kind ?? ref.plural} ${namespace}/${name}` : `namespace ${name}`;
      if (Number.isFinite(expires) && expires > now) {
        reporter.notice(
          `${t.member}: ${kind} belongs to a verify run that may still be going (until ${new Date(expires).toISOString()}): left alone`,
        );
        continue;
      }
      const gone = await t.client.delete(
        namespace ? { ...ref, namespace, name } : { ...ref, name },
      );
      if (gone.ok)
        reporter.notice(`${t.member}: removed ${kind}, left by an interrupted verify run`);
      else
        reporter.warn(
          `${t.member}: could not remove ${kind} of an earlier run: ${gone.error.message}`,
        );
    }
  }
}

function annotation(o: KubeObject, key: string): string | undefined {
  const a = o.metadata?.annotations as Record<string, string> | undefined;
  return a?.[key];
}

/** After a run: removes what it made and waits (bounded) until it is gone. */
export async function removeRun(
  targets: readonly ProbeTarget[],
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
): Promise<Leftover[]> {
  const per = await Promise.all(
    targets.map(async (t): Promise<Leftover[]> => {
      const m = made.get(t.member);
      if (!m?.namespace || (!m.own && m.pods.size === 0 && m.others.length === 0)) return [];
      const paths = o.paths !== undefined;
      const command = removalCommand(
        t.context,
        o.plan.nonce,
        m.own ? undefined : m.namespace,
        paths,
      );
      const pods = m.pods.size + m.others.filter((x) => x.ref === POD_REF).length;
      const services = m.others.filter((x) => x.ref === SERVICE_REF).length;
      const exports = m.others.filter((x) => x.ref === SERVICE_EXPORT_REF).length;
      const objects = [
        `${pods} probe Pod(s)`,
        ...(services ? [`${services} Service(s)`] : []),
        ...(exports ? [`${exports} ServiceExport(s)`] : []),
      ].join(", ");
      const what = m.own
        ? `namespace ${m.namespace} and its ${objects}`
        : `${objects} in namespace ${m.namespace}`;
      if (o.keep) return [{ member: t.member, what: `${what} (--keep)`, command }];
      o.reporter.progress(`${t.member}: removing ${what}…`);
      const ns = m.namespace;
      const removeOne = (x: { ref: ResourceRef; namespace: string; name: string }) =>
        deleteOne(t, { ...x.ref, namespace: x.namespace, name: x.name });
      const exported = m.others.filter((x) => x.ref === SERVICE_EXPORT_REF);
      const refused = m.own
        ? await deleteOne(t, { ...NAMESPACE_REF, name: ns })
        : // The exports first, so that Antrea withdraws their imports before the Services go.
          ((await Promise.all(exported.map(removeOne))).find(Boolean) ??
          (
            await Promise.all([
              ...m.others.filter((x) => x.ref !== SERVICE_EXPORT_REF).map(removeOne),
              ...[...m.pods.keys()].map((name) =>
                deleteOne(t, { ...POD_REF, namespace: ns, name }),
              ),
            ])
          ).find(Boolean));
      if (refused) return [{ member: t.member, what: `${what}: ${refused}`, command }];
      const still = await untilGone(t, m, o);
      return still
        ? [
            {
              member: t.member,
              what: `${what}: ${still}`,
              command: stuckCommand(t, m, o.plan.nonce, paths),
            },
          ]
        : [];
    }),
  );
  return per.flat();
}

async function deleteOne(
  t: ProbeTarget,
  req: ResourceRef & { namespace?: string; name: string },
): Promise<string | undefined> {
  const r = await t.client.delete(req);
  return r.ok || r.error.kind === "not-found" ? undefined : `not removed: ${r.error.message}`;
}

/** Undefined once nothing of the run is left; else what still is. */
async function untilGone(
  t: ProbeTarget,
  m: Made,
  o: RunProbesOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + o.cleanupMs;
  for (;;) {
    const left = await stillThere(t, m, o.plan.nonce, o.paths !== undefined);
    if (!left) return undefined;
    if (Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
}

async function stillThere(
  t: ProbeTarget,
  m: Made,
  run: string,
  paths: boolean,
): Promise<string | undefined> {
  if (m.own) {
    const ns = await t.client.get({ ...NAMESPACE_REF, name: m.namespace ?? "" });
    if (!ns.ok) return ns.error.kind === "not-found" ? undefined : `unknown: ${ns.error.message}`;
    const phase = (ns.value.status as { phase?: string } | undefined)?.phase ?? "Active";
    return `still ${phase} after the removal was asked for`;
  }
  const left: string[] = [];
  for (const ref of kindsIn(paths)) {
    const list = await t.client.list({
      ...ref,
      namespace: m.namespace ?? "",
      labelSelector: `${LABEL_RUN}=${run}`,
    });
    // A cluster that does not serve ServiceExports has none of them left.
    if (!list.ok && list.error.kind === "not-served") continue;
    if (!list.ok) return `unknown: ${list.error.message}`;
    if (list.value.items.length) left.push(`${list.value.items.length} ${kubectlName(ref)}`);
  }
  return left.length ? `${left.join(", ")} still there` : undefined;
}

/** A namespace stuck Terminating: its conditions say what holds it (a finalizer, an API down). */
function stuckCommand(t: ProbeTarget, m: Made, run: string, paths: boolean): string {
  return m.own
    ? kubectlIn(
        t.context,
        `get namespace ${shellWord(m.namespace ?? "")} -o jsonpath='{.status.conditions}'`,
      )
    : kubectlIn(
        t.context,
        `get ${kindsIn(paths).map(kubectlName).join(",")} -n ${shellWord(m.namespace ?? "")} -l ${LABEL_RUN}=${run} -o wide`,
      );
}
