// PromQL in the manifests: the expressions of PrometheusRules and of Grafana dashboards (JSON in ConfigMaps named
// *-dashboard), parsed with Prometheus' own grammar (@prometheus-io/lezer-promql, the one its web UI uses).
// Shared by validate.mjs (syntax errors) and metric-names.mjs (the metric names the expressions read).
import { parser } from "@prometheus-io/lezer-promql";

// Grafana replaces these before a query reaches Prometheus; any duration stands in for them here.
const GRAFANA_INTERVALS = /\$(\{__(rate_interval|interval|range)\}|__(rate_interval|interval|range)\b)/g;

/** The tree of one expression, or a syntax error as text. */
export function parsePromQL(expr) {
  const text = String(expr).replace(GRAFANA_INTERVALS, "5m");
  const tree = parser.parse(text);
  let error = null;
  tree.iterate({
    enter(node) {
      if (error === null && node.type.isError) {
        error = syntaxError(text, node.from);
      }
      return error === null;
    },
  });
  if (error === null && text.trim() === "") {
    error = "empty expression";
  }
  return { text, tree, error };
}

function syntaxError(text, at) {
  const near = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, " ");
  return at >= text.length
    ? `PromQL syntax error: unexpected end of expression after "${near}"`
    : `PromQL syntax error at character ${at + 1}, near "${near}"`;
}

/** The metric names an expression selects: from each VectorSelector's name, or its __name__="…" matcher. */
export function metricNames({ text, tree }) {
  const names = new Set();
  const source = (node) => text.slice(node.from, node.to);
  tree.iterate({
    enter(node) {
      if (node.name !== "VectorSelector") {
        return true;
      }
      for (let child = node.node.firstChild; child; child = child.nextSibling) {
        if (child.name === "Identifier") {
          names.add(source(child));
        } else if (child.name === "LabelMatchers") {
          for (let matcher = child.firstChild; matcher; matcher = matcher.nextSibling) {
            if (matcher.name === "QuotedLabelName") {
              // {"a.metric.name", …}: the UTF-8 form of a metric name.
              names.add(unquote(source(matcher.getChild("StringLiteral"))));
            } else if (matcher.name === "UnquotedLabelMatcher" || matcher.name === "QuotedLabelMatcher") {
              const label = matcher.getChild("LabelName") ?? matcher.getChild("QuotedLabelName");
              const op = matcher.getChild("MatchOp")?.firstChild;
              const value = matcher.getChild("StringLiteral");
              const labelName = label && (label.name === "LabelName" ? source(label) : unquote(source(label)));
              if (labelName === "__name__" && op?.name === "EqlSingle" && value) {
                names.add(unquote(source(value)));
              }
            }
          }
        }
      }
      return false;
    },
  });
  return names;
}

function unquote(literal) {
  if (literal.startsWith("`")) {
    return literal.slice(1, -1);
  }
  if (literal.startsWith("'")) {
    return JSON.parse(`"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  }
  return JSON.parse(literal);
}

/** Each PromQL expression of a manifest, as { where, expr }; null for a manifest that holds none. */
export function expressionsOf(document) {
  if (document?.kind === "PrometheusRule") {
    return (document.spec?.groups || []).flatMap((group) =>
      (group.rules || []).map((rule) => ({
        where: `group ${group.name} ${rule.alert ? `alert ${rule.alert}` : `record ${rule.record}`}`,
        expr: rule.expr,
      })));
  }
  return null;
}

/** The dashboards of a ConfigMap named *-dashboard: each data value whose key ends in .json. */
export function dashboardsOf(document) {
  if (document?.kind !== "ConfigMap" || !String(document.metadata?.name).endsWith("-dashboard")) {
    return [];
  }
  return Object.entries(document.data || {})
    .filter(([key]) => key.endsWith(".json"))
    .map(([key, json]) => ({ key, json }));
}

/** Each query of a parsed dashboard (in rows too), as { where, expr }. */
export function dashboardExpressions(dashboard) {
  const panels = [];
  const collect = (list) => {
    for (const panel of list || []) {
      panels.push(panel);
      collect(panel.panels);
    }
  };
  collect(dashboard.panels);
  collect(dashboard.rows);
  return panels.flatMap((panel) =>
    (panel.targets || [])
      .filter((target) => target.expr !== undefined)
      .map((target) => ({ where: `panel "${panel.title}" query ${target.refId ?? "?"}`, expr: target.expr })));
}

/** The names that recording rules of a PrometheusRule define (made by Prometheus, not read from a target). */
export function recordedNames(document) {
  if (document?.kind !== "PrometheusRule") {
    return [];
  }
  return (document.spec?.groups || []).flatMap((group) => (group.rules || []).map((rule) => rule.record).filter(Boolean));
}
