package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import livefeed.testsupport.OpsCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ops/compose/docker-compose.yml checked statically (no Docker engine here): services, profiles, volumes,
 * healthchecks, pinned tags, mounted files; and broken copies of it are caught.
 */
class ComposeFileTest {
    @TempDir
    Path dir;

    static final String COMPOSE = "compose/docker-compose.yml";

    @Test
    void the_project_compose_file_passes_every_static_check() {
        List<CheckResult> results = new ComposeFileChecks(OpsFiles.of(OpsCopy.of(dir))).results();
        assertEquals(6, results.size());
        results.forEach(r -> assertTrue(r.passed(), () -> r.name() + ": " + r.problems()));
    }

    record Mistake(String description, String file, String from, String to, String names) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("an image on latest", COMPOSE, "grafana/grafana:11.6.0", "grafana/grafana:latest",
                        "image grafana/grafana:latest is not pinned"),
                new Mistake("another Prometheus than promtest's", COMPOSE, "prom/prometheus:v3.6.0",
                        "prom/prometheus:v3.5.0", "expected prom/prometheus:v3.6.0"),
                new Mistake("a mounted folder that does not exist", COMPOSE, "../grafana/dashboards:",
                        "../grafana/dashbords:", "mounts ../grafana/dashbords, which does not exist"),
                new Mistake("an undeclared volume", COMPOSE, "  grafana_data:\n  jbang_cache:", "  jbang_cache:",
                        "uses volume grafana_data, which is not declared"),
                new Mistake("a service without healthcheck", COMPOSE,
                        "    healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://localhost:3000",
                        "    x-healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://localhost:3000",
                        "service grafana has no healthcheck"),
                new Mistake("Grafana outside its profile", COMPOSE, "profiles: [ui]", "profiles: [alerting]",
                        "service grafana has profiles [alerting], expected [ui]"),
                new Mistake("the connector bound to loopback", COMPOSE, "\"--bind\", \"0.0.0.0\"", "\"--bind\", \"127.0.0.1\"",
                        "live_connector must run connector.java --bind 0.0.0.0"),
                new Mistake("Prometheus with the lifecycle API", COMPOSE, "      - --storage.tsdb.path=/prometheus\n",
                        "      - --storage.tsdb.path=/prometheus\n      - --web.enable-lifecycle\n",
                        "prometheus must not run with --web.enable-lifecycle"),
                new Mistake("the rendered config left readable by other users", COMPOSE, ", \"--owner-uid\", \"65534\"", "",
                        "am_init must run render-alertmanager with --owner-uid 65534"),
                new Mistake("the Telegram inbox outside the alerting profile", COMPOSE,
                        "  telegram_inbox:\n    <<: *jbang\n    profiles: [alerting]", "  telegram_inbox:\n    <<: *jbang\n    profiles: [ui]",
                        "service telegram_inbox has profiles [ui], expected [alerting]"),
                new Mistake("the Telegram inbox on its container's loopback", COMPOSE,
                        "\"--port\", \"8081\", \"--bind\", \"0.0.0.0\"", "\"--port\", \"8081\"",
                        "telegram_inbox must run observability.java telegram-inbox --bind 0.0.0.0"),
                new Mistake("am_init writing the inbox's secrets elsewhere", COMPOSE,
                        "\"--telegram-inbox-secrets\", \"/telegram/secrets\"", "\"--telegram-inbox-secrets\", \"/tmp/secrets\"",
                        "am_init must write the Telegram inbox's secrets where telegram_inbox reads them (/telegram/secrets)"),
                new Mistake("a target that is no compose service", "compose/targets/live_connector.json",
                        "live_connector:8000", "connector:8000", "target connector:8000 is not a compose service"));
    }

    @ParameterizedTest(name = "{0} is caught")
    @MethodSource("mistakes")
    void a_broken_compose_file_is_caught(Mistake mistake) {
        Path ops = OpsCopy.of(dir);
        OpsCopy.replace(ops.resolve(mistake.file()), mistake.from(), mistake.to());
        List<String> problems = new ComposeFileChecks(OpsFiles.of(ops)).results().stream()
                .flatMap(r -> r.problems().stream()).toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains(mistake.names())), () -> "expected '" + mistake.names()
                + "' among " + problems);
    }
}
