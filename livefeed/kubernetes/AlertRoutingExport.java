package livefeed.kubernetes;

import io.fabric8.kubernetes.api.model.SecretKeySelectorBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfigBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.InhibitRule;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.InhibitRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Matcher;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.MatcherBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Receiver;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.ReceiverBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Route;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.TelegramConfig;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.TelegramConfigBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import livefeed.errors.InvalidInput;

/**
 * The routing, inhibitions and Telegram receivers of {@code ops/alertmanager/alertmanager.yml.tmpl} as the
 * Prometheus Operator's {@code AlertmanagerConfig} ({@code monitoring.coreos.com/v1alpha1}, the version that has
 * Telegram receivers).
 *
 * <p>The bot token is a reference to the {@code Secret} {@value #SECRET} (key {@value #TOKEN_KEY}); the operator
 * requires the chat id as an integer in the object itself, so the base holds {@value #CHAT_ID_PLACEHOLDER} and an
 * overlay fills it in at build time (kustomize replacements from a local file that is never applied or committed).
 *
 * <p>Every key of the template must have a counterpart here: one that would be silently dropped fails the export, so a
 * change to the template cannot go unnoticed. Only {@code global} is left out on purpose (it configures the whole
 * Alertmanager, which kube-prometheus-stack owns); {@link #notCarried()} says so.
 */
final class AlertRoutingExport {
    static final String NAME = "livefeed-alerts";
    static final String SECRET = "livefeed-telegram";
    static final String TOKEN_KEY = livefeed.alertmanager.AlertmanagerConfig.TOKEN_FILE;
    static final long CHAT_ID_PLACEHOLDER = 0;
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(.*)\"|[^\"]*?)\\s*");

    private final Path template;
    private final List<String> notCarried = new ArrayList<>();

    private AlertRoutingExport(Path template) {
        this.template = template;
    }

    static AlertRoutingExport of(OpsSource ops) {
        return new AlertRoutingExport(ops.alertmanagerTemplate());
    }

    /** Settings of the template the export leaves to the cluster's Alertmanager, one line each. */
    List<String> notCarried() {
        return notCarried;
    }

    AlertmanagerConfig config(Labels labels) {
        Map<String, Object> config = livefeed.alertmanager.AlertmanagerConfig.loadTemplate(template);
        only(config, "the template", "global", "route", "inhibit_rules", "receivers");
        map(config.get("global"), "global").forEach((key, value) -> notCarried.add("global " + key + ": " + value
                + " (configures the whole Alertmanager: set it in kube-prometheus-stack's alertmanager.config.global)"));
        List<InhibitRule> inhibitions = new ArrayList<>();
        for (Object rule : list(config.get("inhibit_rules"), "inhibit_rules")) {
            inhibitions.add(inhibitRule(map(rule, "an inhibit rule")));
        }
        List<Receiver> receivers = new ArrayList<>();
        for (Object receiver : list(config.get("receivers"), "receivers")) {
            receivers.add(receiver(map(receiver, "a receiver")));
        }
        return new AlertmanagerConfigBuilder()
                .withNewMetadata().withName(NAME).withLabels(labels.common()).endMetadata()
                .withNewSpec()
                    .withRoute(route(map(config.get("route"), "route")))
                    .withInhibitRules(inhibitions)
                    .withReceivers(receivers)
                .endSpec()
                .build();
    }

    private Route route(Map<String, Object> r) {
        only(r, "route", "receiver", "group_by", "group_wait", "group_interval", "repeat_interval", "matchers",
                "routes", "continue");
        Route route = new Route();
        route.setReceiver(string(r.get("receiver")));
        route.setGroupBy(r.containsKey("group_by") ? strings(r.get("group_by")) : null);
        route.setGroupWait(string(r.get("group_wait")));
        route.setGroupInterval(string(r.get("group_interval")));
        route.setRepeatInterval(string(r.get("repeat_interval")));
        route.setMatchers(r.containsKey("matchers") ? matchers(r.get("matchers")) : null);
        route.setContinue((Boolean) r.get("continue"));
        if (r.containsKey("routes")) {
            // The operator's model holds child routes as untyped JSON.
            route.setRoutes(list(r.get("routes"), "routes").stream()
                    .map(child -> Manifests.WRITER.<com.fasterxml.jackson.databind.JsonNode>valueToTree(route(map(child, "a route"))))
                    .toList());
        }
        return route;
    }

    private InhibitRule inhibitRule(Map<String, Object> rule) {
        only(rule, "an inhibit rule", "source_matchers", "target_matchers", "equal");
        return new InhibitRuleBuilder()
                .withSourceMatch(matchers(rule.get("source_matchers")))
                .withTargetMatch(matchers(rule.get("target_matchers")))
                .withEqual(rule.containsKey("equal") ? strings(rule.get("equal")) : null)
                .build();
    }

    private Receiver receiver(Map<String, Object> r) {
        only(r, "a receiver", "name", "telegram_configs");
        List<TelegramConfig> telegram = new ArrayList<>();
        for (Object t : list(r.get("telegram_configs"), "telegram_configs")) {
            telegram.add(telegram(map(t, "a telegram_configs entry")));
        }
        return new ReceiverBuilder().withName(string(r.get("name"))).withTelegramConfigs(telegram).build();
    }

    private TelegramConfig telegram(Map<String, Object> t) {
        only(t, "a telegram_configs entry", "bot_token", "chat_id", "parse_mode", "send_resolved", "message",
                "disable_notifications", "api_url", "message_thread_id");
        // bot_token and chat_id in the template are placeholders for the secrets: never copied.
        return new TelegramConfigBuilder()
                .withBotToken(new SecretKeySelectorBuilder().withName(SECRET).withKey(TOKEN_KEY).build())
                .withChatID(CHAT_ID_PLACEHOLDER)
                .withParseMode(string(t.get("parse_mode")))
                .withSendResolved((Boolean) t.get("send_resolved"))
                .withMessage(string(t.get("message")))
                .withDisableNotifications((Boolean) t.get("disable_notifications"))
                .withApiURL(string(t.get("api_url")))
                .withMessageThreadID(t.get("message_thread_id") == null ? null : ((Number) t.get("message_thread_id")).longValue())
                .build();
    }

    /** Alertmanager's matcher strings ({@code name="value"}, {@code =~}, {@code !=}, {@code !~}) as the model's matchers. */
    private List<Matcher> matchers(Object value) {
        List<Matcher> out = new ArrayList<>();
        for (String text : strings(value)) {
            java.util.regex.Matcher m = MATCHER.matcher(text);
            if (!m.matches()) {
                throw new InvalidInput(template + ": matcher " + text + " is not name=\"value\" (or =~, !=, !~)");
            }
            String matchValue = m.group(4) != null ? m.group(4).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(3);
            out.add(new MatcherBuilder().withName(m.group(1)).withMatchType(m.group(2)).withValue(matchValue).build());
        }
        return out;
    }

    private void only(Map<String, Object> map, String where, String... known) {
        Set<String> allowed = Set.of(known);
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInput(template + ": " + where + " has '" + key + "', which the Kubernetes export"
                        + " does not carry yet: teach livefeed/kubernetes/AlertRoutingExport.java about it");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidInput(template + ": " + what + " must be a mapping");
        }
        return (Map<String, Object>) m;
    }

    private List<Object> list(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new InvalidInput(template + ": " + what + " must be a list");
        }
        return new ArrayList<>(l);
    }

    private List<String> strings(Object value) {
        return list(value, "a list of strings").stream().map(String::valueOf).toList();
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
