/**
 * Removing what verify made: at the end of every run (unless --keep), and before a run, what an
 * interrupted one left once its time is over. Anything that cannot be removed is reported with
 * the command that removes it.
 */
import { shellWord } from "../../fixes/shell.js";
import { NAMESPACE_REF, POD_REF } from "../../kube/resources.js";
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

/** The command that removes one run's objects from a member by hand. */
export function removalCommand(context: string, run: string, namespace?: string): string {
  const selector = `${LABEL_RUN}=${run}`;
  return namespace
    ? kubectlIn(context, `delete pods -n ${shellWord(namespace)} -l ${selector}`)
    : kubectlIn(context, `delete namespace -l ${selector}`);
}

/** Before a run: remove what earlier runs left once their time is over; leave running ones. */
export async function removeExpired(
  t: ProbeTarget,
  namespace: string | undefined,
  now: number,
  reporter: Reporter,
): Promise<void> {
  const list = await t.client.list(
    namespace
      ? { ...POD_REF, namespace, labelSelector: OURS }
      : { ...NAMESPACE_REF, labelSelector: OURS },
  );
  if (!list.ok) return; // the access check asked for list: a failure here is the run's to meet
  for (const o of list.value.items) {
    const name = o.metadata?.name ?? "";
    if (o.metadata?.deletionTimestamp) continue;
    const expires = Date.parse(annotation(o, ANNOTATION_EXPIRES) ?? "");
    const kind = namespace ? `Pod ${namespace}/${name}` : `namespace ${name}`;
    if (Number.isFinite(expires) && expires > now) {
      reporter.notice(
        `${t.member}: ${kind} belongs to a verify run that may still be going (until ${new Date(expires).toISOString()}): left alone`,
      );
      continue;
    }
    const gone = await t.client.delete(
      namespace ? { ...POD_REF, namespace, name } : { ...NAMESPACE_REF, name },
    );
    if (gone.ok) reporter.notice(`${t.member}: removed ${kind}, left by an interrupted verify run`);
    else
      reporter.warn(
        `${t.member}: could not remove ${kind} of an earlier run: ${gone.error.message}`,
      );
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
      if (!m?.namespace || (!m.own && m.pods.size === 0)) return [];
      const command = removalCommand(t.context, o.plan.nonce, m.own ? undefined : m.namespace);
      const what = m.own
        ? `namespace ${m.namespace} and its ${m.pods.size} probe Pod(s)`
        : `${m.pods.size} probe Pod(s) in namespace ${m.namespace}`;
      if (o.keep) return [{ member: t.member, what: `${what} (--keep)`, command }];
      o.reporter.progress(`${t.member}: removing ${what}…`);
      const refused = m.own
        ? await deleteOne(t, { ...NAMESPACE_REF, name: m.namespace })
        : (
            await Promise.all(
              [...m.pods.keys()].map((name) =>
                deleteOne(t, { ...POD_REF, namespace: m.namespace ?? "", name }),
              ),
            )
          ).find(Boolean);
      if (refused) return [{ member: t.member, what: `${what}: ${refused}`, command }];
      const still = await untilGone(t, m, o);
      return still
        ? [
            {
              member: t.member,
              what: `${what}: ${still}`,
              command: stuckCommand(t, m, o.plan.nonce),
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
    const left = await stillThere(t, m, o.plan.nonce);
    if (!left) return undefined;
    if (Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
}

async function stillThere(t: ProbeTarget, m: Made, run: string): Promise<string | undefined> {
  if (m.own) {
    const ns = await t.client.get({ ...NAMESPACE_REF, name: m.namespace ?? "" });
    if (!ns.ok) return ns.error.kind === "not-found" ? undefined : `unknown: ${ns.error.message}`;
    const phase = (ns.value.status as { phase?: string } | undefined)?.phase ?? "Active";
    return `still ${phase} after the removal was asked for`;
  }
  const pods = await t.client.list({
    ...POD_REF,
    namespace: m.namespace ?? "",
    labelSelector: `${LABEL_RUN}=${run}`,
  });
  if (!pods.ok) return `unknown: ${pods.error.message}`;
  return pods.value.items.length ? `${pods.value.items.length} Pod(s) still there` : undefined;
}

/** A namespace stuck Terminating: its conditions say what holds it (a finalizer, an API down). */
function stuckCommand(t: ProbeTarget, m: Made, run: string): string {
  return m.own
    ? kubectlIn(
        t.context,
        `get namespace ${shellWord(m.namespace ?? "")} -o jsonpath='{.status.conditions}'`,
      )
    : kubectlIn(
        t.context,
        `get pods -n ${shellWord(m.namespace ?? "")} -l ${LABEL_RUN}=${run} -o wide`,
      );
}
