// Prints the metric names that the PromQL of the given manifests reads (PrometheusRules' exprs and the queries of
// dashboards in ConfigMaps named *-dashboard), one per line, sorted, from the parsed expressions' VectorSelectors.
// Names that recording rules in these files define are left out. The test suite compares them with what Orderlog's
// /q/metrics exports; external-metrics.txt lists the names other exporters (kubelet, kube-state-metrics) provide.
// Usage: node metric-names.mjs <file.yaml>...  Exit 1, naming the expression on stderr, if one does not parse.
import fs from "node:fs";
import * as yaml from "js-yaml";
import { dashboardExpressions, dashboardsOf, expressionsOf, metricNames, parsePromQL, recordedNames } from "./promql.mjs";

const names = new Set();
const recorded = new Set();
let failures = 0;

function collect(file, expressions) {
  for (const { where, expr } of expressions) {
    const parsed = parsePromQL(expr ?? "");
    if (parsed.error) {
      failures++;
      console.error(`INVALID ${file} ${where}: ${parsed.error}`);
    } else {
      metricNames(parsed).forEach((name) => names.add(name));
    }
  }
}

for (const file of process.argv.slice(2)) {
  for (const document of yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean)) {
    collect(file, expressionsOf(document) || []);
    recordedNames(document).forEach((name) => recorded.add(name));
    for (const { key, json } of dashboardsOf(document)) {
      try {
        collect(`${file} ${key}`, dashboardExpressions(JSON.parse(json)));
      } catch (e) {
        failures++;
        console.error(`INVALID ${file} dashboard ${key}: not JSON: ${e.message}`);
      }
    }
  }
}
[...names].filter((name) => !recorded.has(name)).sort().forEach((name) => console.log(name));
process.exit(failures === 0 ? 0 : 1);
