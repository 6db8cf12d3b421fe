// Validates every document of deploy/kubernetes/*.yaml against the Kubernetes OpenAPI schemas that
// kubernetes-models compiles into validators (types, required fields, enums, formats; the Kubernetes
// schemas themselves allow unknown fields, so a misspelt optional field is not caught here), then
// checks what no schema can: that the manifests fit together (each ConfigMap and Secret a Deployment
// uses exists, the probes point at the health endpoints on the metrics port, every shard has a
// standby). First it proves the validator refuses a broken Deployment. Prints one line per
// document and "N passed, N failed"; exits 1 on any failure.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "kubernetes");
let passed = 0;
let failed = 0;

function result(ok, what, why) {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}: ${why}`);
  }
}

async function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  const module = await import(path);
  return module[kind];
}

async function validate(doc) {
  const Model = await model(doc.apiVersion, doc.kind);
  new Model(doc).validate(); // throws with the schema's message
}

// the validator must refuse what Kubernetes refuses, or this check proves nothing
const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "broken" },
  spec: { replicas: "two", template: { spec: { containers: [{ name: "c" }] } } } };
try {
  await validate(broken);
  result(false, "self-check: a Deployment with replicas \"two\" and no selector", "accepted");
} catch (e) {
  result(true, `self-check: a broken Deployment is refused (${e.message.split("\n")[0]})`);
}

const docs = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const d of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    if (d.errors.length > 0) {
      result(false, file, d.errors.map((e) => e.message).join("; "));
      continue;
    }
    const doc = d.toJS();
    if (doc == null) {
      continue;
    }
    const what = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    try {
      await validate(doc);
      result(true, what);
      docs.push({ file, doc });
    } catch (e) {
      result(false, what, e.message);
    }
  }
}

const named = (kind, name) => docs.some(({ doc }) => doc.kind === kind && doc.metadata?.name === name);
for (const { file, doc } of docs.filter(({ doc }) => doc.kind === "Deployment")) {
  const what = `${file}: Deployment/${doc.metadata.name}`;
  const spec = doc.spec.template.spec;
  const problems = [];
  if ((doc.spec.replicas ?? 1) < 2) problems.push("fewer than 2 replicas: no standby");
  for (const v of spec.volumes ?? []) {
    if (v.configMap && !named("ConfigMap", v.configMap.name)) problems.push(`ConfigMap ${v.configMap.name} is not defined`);
    if (v.secret && !named("Secret", v.secret.secretName)) problems.push(`Secret ${v.secret.secretName} is not defined`);
  }
  for (const c of spec.containers) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !named("Secret", ref.name)) problems.push(`Secret ${ref.name} (env ${e.name}) is not defined`);
    }
    const ports = (c.ports ?? []).map((p) => p.name);
    if (c.livenessProbe?.httpGet?.path !== "/health/live") problems.push(`container ${c.name}: liveness probe is not GET /health/live`);
    if (c.readinessProbe?.httpGet?.path !== "/health/ready") problems.push(`container ${c.name}: readiness probe is not GET /health/ready`);
    for (const p of [c.livenessProbe, c.readinessProbe]) {
      if (p?.httpGet && !ports.includes(p.httpGet.port)) problems.push(`container ${c.name}: probe port ${p.httpGet.port} is not a named port`);
    }
    if (!c.resources?.limits?.memory) problems.push(`container ${c.name}: no memory limit`);
  }
  const stop = spec.containers.flatMap((c) => c.command ?? []);
  const i = stop.indexOf("--stop-timeout");
  const seconds = i >= 0 ? parseInt(stop[i + 1], 10) * (stop[i + 1].endsWith("m") ? 60 : 1) : 300;
  if ((spec.terminationGracePeriodSeconds ?? 30) <= seconds) {
    problems.push(`terminationGracePeriodSeconds ${spec.terminationGracePeriodSeconds ?? 30} does not exceed --stop-timeout (${seconds} s)`);
  }
  result(problems.length === 0, `${what} fits together`, problems.join("; "));
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 1 ? 0 : 1);
