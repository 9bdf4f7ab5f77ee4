package livefeed.kubernetes;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import livefeed.errors.InvalidInput;

/**
 * The rule files of {@code ops/prometheus/} as {@code PrometheusRule}s, one per file: a rule file's group names are
 * unique only within that file (both files have a {@code livefeed-latency} group), and the operator writes each
 * PrometheusRule to a rule file of its own, so one per file keeps Prometheus's view the same as here.
 *
 * <p>Each file is read strictly into the operator's model: a field the operator does not know (and so would not
 * carry) fails the export instead of being dropped.
 */
final class RuleExport {
    private RuleExport() {}

    static List<PrometheusRule> rules(OpsSource ops, Labels labels) {
        List<PrometheusRule> out = new ArrayList<>();
        for (Path file : ops.ruleFiles()) {
            PrometheusRuleSpec spec = Manifests.read(file, PrometheusRuleSpec.class);
            if (spec.getGroups() == null || spec.getGroups().isEmpty()) {
                throw new InvalidInput(file + " has no rule groups: restore it from git");
            }
            out.add(new PrometheusRuleBuilder()
                    .withNewMetadata().withName(nameOf(file)).withLabels(labels.common()).endMetadata()
                    .withSpec(spec)
                    .build());
        }
        return out;
    }

    /** recording_rules.yml -> livefeed-recording-rules. */
    static String nameOf(Path ruleFile) {
        String base = ruleFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return "livefeed-" + base.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    }
}
