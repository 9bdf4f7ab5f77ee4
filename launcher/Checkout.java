///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs a Live Feed Ops program for JBang users without a clone: the catalog's aliases point here.
// Every file a program needs travels with this script (JBang fetches each //FILES entry beside it, from the catalog's
// host too); CatalogWithoutCloneTest checks that the list names every file of the programs, livefeed/ and ops/.
//FILES connector.java=../connector.java
//FILES jbang=../jbang
//FILES jbang.cmd=../jbang.cmd
//FILES launcher/pom.xml=../launcher/pom.xml
//FILES livefeed/alertmanager/AlertmanagerConfig.java=../livefeed/alertmanager/AlertmanagerConfig.java
//FILES livefeed/alertmanager/RenderAlertmanagerCommand.java=../livefeed/alertmanager/RenderAlertmanagerCommand.java
//FILES livefeed/alertmanager/TelegramInboxSecrets.java=../livefeed/alertmanager/TelegramInboxSecrets.java
//FILES livefeed/api/AlertmanagerApi.java=../livefeed/api/AlertmanagerApi.java
//FILES livefeed/api/ApiException.java=../livefeed/api/ApiException.java
//FILES livefeed/api/ConnectorApi.java=../livefeed/api/ConnectorApi.java
//FILES livefeed/api/JsonHttp.java=../livefeed/api/JsonHttp.java
//FILES livefeed/api/PromApi.java=../livefeed/api/PromApi.java
//FILES livefeed/api/ReloadState.java=../livefeed/api/ReloadState.java
//FILES livefeed/bars/Bar.java=../livefeed/bars/Bar.java
//FILES livefeed/bars/BarAggregator.java=../livefeed/bars/BarAggregator.java
//FILES livefeed/bars/BarJson.java=../livefeed/bars/BarJson.java
//FILES livefeed/bars/BarListener.java=../livefeed/bars/BarListener.java
//FILES livefeed/bars/DecimalSum.java=../livefeed/bars/DecimalSum.java
//FILES livefeed/bars/Decimals.java=../livefeed/bars/Decimals.java
//FILES livefeed/bars/Features.java=../livefeed/bars/Features.java
//FILES livefeed/bench/ConnectorBench.java=../livefeed/bench/ConnectorBench.java
//FILES livefeed/bench/SoakBench.java=../livefeed/bench/SoakBench.java
//FILES livefeed/charts/DashboardSnapshot.java=../livefeed/charts/DashboardSnapshot.java
//FILES livefeed/charts/PanelChart.java=../livefeed/charts/PanelChart.java
//FILES livefeed/cli/Console.java=../livefeed/cli/Console.java
//FILES livefeed/cli/ExitCode.java=../livefeed/cli/ExitCode.java
//FILES livefeed/cli/CommandLines.java=../livefeed/cli/CommandLines.java
//FILES livefeed/cli/ProjectRoot.java=../livefeed/cli/ProjectRoot.java
//FILES livefeed/cli/UsageException.java=../livefeed/cli/UsageException.java
//FILES livefeed/cli/VersionProvider.java=../livefeed/cli/VersionProvider.java
//FILES livefeed/errors/InvalidInput.java=../livefeed/errors/InvalidInput.java
//FILES livefeed/errors/OutsideFailure.java=../livefeed/errors/OutsideFailure.java
//FILES livefeed/connector/Backoff.java=../livefeed/connector/Backoff.java
//FILES livefeed/connector/BarSink.java=../livefeed/connector/BarSink.java
//FILES livefeed/connector/ConnectionPolicy.java=../livefeed/connector/ConnectionPolicy.java
//FILES livefeed/connector/ConnectorConfig.java=../livefeed/connector/ConnectorConfig.java
//FILES livefeed/connector/ConnectorDefaults.java=../livefeed/connector/ConnectorDefaults.java
//FILES livefeed/connector/ConnectorTiming.java=../livefeed/connector/ConnectorTiming.java
//FILES livefeed/connector/ConnectorHttp.java=../livefeed/connector/ConnectorHttp.java
//FILES livefeed/connector/ConnectorRun.java=../livefeed/connector/ConnectorRun.java
//FILES livefeed/connector/ControlRequestGuard.java=../livefeed/connector/ControlRequestGuard.java
//FILES livefeed/connector/Durations.java=../livefeed/connector/Durations.java
//FILES livefeed/connector/FaultApi.java=../livefeed/connector/FaultApi.java
//FILES livefeed/connector/FeedConnection.java=../livefeed/connector/FeedConnection.java
//FILES livefeed/connector/FrameConsumer.java=../livefeed/connector/FrameConsumer.java
//FILES livefeed/connector/FrameRecorder.java=../livefeed/connector/FrameRecorder.java
//FILES livefeed/connector/HealthzHandler.java=../livefeed/connector/HealthzHandler.java
//FILES livefeed/connector/HttpRouter.java=../livefeed/connector/HttpRouter.java
//FILES livefeed/connector/IndexHandler.java=../livefeed/connector/IndexHandler.java
//FILES livefeed/connector/IngestQueue.java=../livefeed/connector/IngestQueue.java
//FILES livefeed/connector/JsonResponse.java=../livefeed/connector/JsonResponse.java
//FILES livefeed/connector/Log.java=../livefeed/connector/Log.java
//FILES livefeed/connector/Pipeline.java=../livefeed/connector/Pipeline.java
//FILES livefeed/connector/Replay.java=../livefeed/connector/Replay.java
//FILES livefeed/connector/RetryingLineWriter.java=../livefeed/connector/RetryingLineWriter.java
//FILES livefeed/connector/SettingNames.java=../livefeed/connector/SettingNames.java
//FILES livefeed/connector/StopSignals.java=../livefeed/connector/StopSignals.java
//FILES livefeed/connector/TimingHandler.java=../livefeed/connector/TimingHandler.java
//FILES livefeed/connector/TlsSockets.java=../livefeed/connector/TlsSockets.java
//FILES livefeed/connector/TrustedCertificates.java=../livefeed/connector/TrustedCertificates.java
//FILES livefeed/connector/VenueLane.java=../livefeed/connector/VenueLane.java
//FILES livefeed/dashboard/DashboardFile.java=../livefeed/dashboard/DashboardFile.java
//FILES livefeed/dashboard/PanelProbe.java=../livefeed/dashboard/PanelProbe.java
//FILES livefeed/drills/NotificationWatch.java=../livefeed/drills/NotificationWatch.java
//FILES livefeed/drills/Drill.java=../livefeed/drills/Drill.java
//FILES livefeed/drills/DrillPicture.java=../livefeed/drills/DrillPicture.java
//FILES livefeed/drills/DrillReport.java=../livefeed/drills/DrillReport.java
//FILES livefeed/drills/DrillRun.java=../livefeed/drills/DrillRun.java
//FILES livefeed/drills/DrillStack.java=../livefeed/drills/DrillStack.java
//FILES livefeed/drills/DrillTiming.java=../livefeed/drills/DrillTiming.java
//FILES livefeed/drills/Expectation.java=../livefeed/drills/Expectation.java
//FILES livefeed/drills/AlertingConfig.java=../livefeed/drills/AlertingConfig.java
//FILES livefeed/drills/Scenario.java=../livefeed/drills/Scenario.java
//FILES livefeed/drills/ScenarioCatalog.java=../livefeed/drills/ScenarioCatalog.java
//FILES livefeed/drills/StackControl.java=../livefeed/drills/StackControl.java
//FILES livefeed/drills/StackNotReady.java=../livefeed/drills/StackNotReady.java
//FILES livefeed/drills/Threshold.java=../livefeed/drills/Threshold.java
//FILES livefeed/drills/ThresholdOverride.java=../livefeed/drills/ThresholdOverride.java
//FILES livefeed/faults/Faults.java=../livefeed/faults/Faults.java
//FILES livefeed/feed/FrameParser.java=../livefeed/feed/FrameParser.java
//FILES livefeed/feed/JsonCursor.java=../livefeed/feed/JsonCursor.java
//FILES livefeed/feed/MalformedFrame.java=../livefeed/feed/MalformedFrame.java
//FILES livefeed/feed/SymbolTable.java=../livefeed/feed/SymbolTable.java
//FILES livefeed/feed/Timestamps.java=../livefeed/feed/Timestamps.java
//FILES livefeed/feed/Trade.java=../livefeed/feed/Trade.java
//FILES livefeed/feed/TradeBatch.java=../livefeed/feed/TradeBatch.java
//FILES livefeed/files/FileTrees.java=../livefeed/files/FileTrees.java
//FILES livefeed/image/ConnectorArtifacts.java=../livefeed/image/ConnectorArtifacts.java
//FILES livefeed/image/ConnectorImage.java=../livefeed/image/ConnectorImage.java
//FILES livefeed/image/ImageCommand.java=../livefeed/image/ImageCommand.java
//FILES livefeed/image/JlinkRuntime.java=../livefeed/image/JlinkRuntime.java
//FILES livefeed/kubernetes/AlertRoutingExport.java=../livefeed/kubernetes/AlertRoutingExport.java
//FILES livefeed/kubernetes/ConnectorDeployment.java=../livefeed/kubernetes/ConnectorDeployment.java
//FILES livefeed/kubernetes/DashboardExport.java=../livefeed/kubernetes/DashboardExport.java
//FILES livefeed/kubernetes/ExportCommand.java=../livefeed/kubernetes/ExportCommand.java
//FILES livefeed/kubernetes/ExportKubernetesCommand.java=../livefeed/kubernetes/ExportKubernetesCommand.java
//FILES livefeed/kubernetes/KubernetesExport.java=../livefeed/kubernetes/KubernetesExport.java
//FILES livefeed/kubernetes/Labels.java=../livefeed/kubernetes/Labels.java
//FILES livefeed/kubernetes/Manifests.java=../livefeed/kubernetes/Manifests.java
//FILES livefeed/kubernetes/OpsSource.java=../livefeed/kubernetes/OpsSource.java
//FILES livefeed/kubernetes/RuleExport.java=../livefeed/kubernetes/RuleExport.java
//FILES livefeed/kubernetes/ScrapeExport.java=../livefeed/kubernetes/ScrapeExport.java
//FILES livefeed/metrics/FeedMetrics.java=../livefeed/metrics/FeedMetrics.java
//FILES livefeed/metrics/HttpMetrics.java=../livefeed/metrics/HttpMetrics.java
//FILES livefeed/metrics/VenueMetrics.java=../livefeed/metrics/VenueMetrics.java
//FILES livefeed/opsfiles/PromDuration.java=../livefeed/opsfiles/PromDuration.java
//FILES livefeed/opsfiles/RuleFile.java=../livefeed/opsfiles/RuleFile.java
//FILES livefeed/opsfiles/Yaml.java=../livefeed/opsfiles/Yaml.java
//FILES livefeed/checks/CheckReport.java=../livefeed/checks/CheckReport.java
//FILES livefeed/checks/CheckResult.java=../livefeed/checks/CheckResult.java
//FILES livefeed/checks/ComposeFileChecks.java=../livefeed/checks/ComposeFileChecks.java
//FILES livefeed/checks/ContainerEngine.java=../livefeed/checks/ContainerEngine.java
//FILES livefeed/checks/DashboardChecks.java=../livefeed/checks/DashboardChecks.java
//FILES livefeed/checks/EngineChoice.java=../livefeed/checks/EngineChoice.java
//FILES livefeed/checks/ExpositionSnapshot.java=../livefeed/checks/ExpositionSnapshot.java
//FILES livefeed/checks/LocalEngine.java=../livefeed/checks/LocalEngine.java
//FILES livefeed/checks/OpsChecks.java=../livefeed/checks/OpsChecks.java
//FILES livefeed/checks/OpsFiles.java=../livefeed/checks/OpsFiles.java
//FILES livefeed/checks/PromqlScan.java=../livefeed/checks/PromqlScan.java
//FILES livefeed/checks/PromtoolEngine.java=../livefeed/checks/PromtoolEngine.java
//FILES livefeed/checks/RecordingRuleNames.java=../livefeed/checks/RecordingRuleNames.java
//FILES livefeed/checks/RuleLinter.java=../livefeed/checks/RuleLinter.java
//FILES livefeed/checks/TestCoverage.java=../livefeed/checks/TestCoverage.java
//FILES livefeed/checks/ToolRun.java=../livefeed/checks/ToolRun.java
//FILES livefeed/secrets/OwnerOnly.java=../livefeed/secrets/OwnerOnly.java
//FILES livefeed/secrets/TokenMask.java=../livefeed/secrets/TokenMask.java
//FILES livefeed/sim/HostileVenue.java=../livefeed/sim/HostileVenue.java
//FILES livefeed/sim/LoopbackVenueServer.java=../livefeed/sim/LoopbackVenueServer.java
//FILES livefeed/sim/SimulatedVenue.java=../livefeed/sim/SimulatedVenue.java
//FILES livefeed/stack/AtomicFiles.java=../livefeed/stack/AtomicFiles.java
//FILES livefeed/stack/Backend.java=../livefeed/stack/Backend.java
//FILES livefeed/stack/BackendChoice.java=../livefeed/stack/BackendChoice.java
//FILES livefeed/stack/Browser.java=../livefeed/stack/Browser.java
//FILES livefeed/stack/CommandRunner.java=../livefeed/stack/CommandRunner.java
//FILES livefeed/stack/ComposeStack.java=../livefeed/stack/ComposeStack.java
//FILES livefeed/stack/ConfigReload.java=../livefeed/stack/ConfigReload.java
//FILES livefeed/stack/DetachedProcesses.java=../livefeed/stack/DetachedProcesses.java
//FILES livefeed/stack/LogFollower.java=../livefeed/stack/LogFollower.java
//FILES livefeed/stack/NativeStack.java=../livefeed/stack/NativeStack.java
//FILES livefeed/stack/PidFile.java=../livefeed/stack/PidFile.java
//FILES livefeed/stack/PortCheck.java=../livefeed/stack/PortCheck.java
//FILES livefeed/stack/Ports.java=../livefeed/stack/Ports.java
//FILES livefeed/stack/ProcessCommandRunner.java=../livefeed/stack/ProcessCommandRunner.java
//FILES livefeed/stack/ProjectStack.java=../livefeed/stack/ProjectStack.java
//FILES livefeed/stack/RestartNeeded.java=../livefeed/stack/RestartNeeded.java
//FILES livefeed/stack/Service.java=../livefeed/stack/Service.java
//FILES livefeed/stack/Stack.java=../livefeed/stack/Stack.java
//FILES livefeed/stack/StackException.java=../livefeed/stack/StackException.java
//FILES livefeed/stack/StackState.java=../livefeed/stack/StackState.java
//FILES livefeed/stack/StackStatus.java=../livefeed/stack/StackStatus.java
//FILES livefeed/stack/StackWaiter.java=../livefeed/stack/StackWaiter.java
//FILES livefeed/stack/StateDir.java=../livefeed/stack/StateDir.java
//FILES livefeed/stack/StateLock.java=../livefeed/stack/StateLock.java
//FILES livefeed/stack/UpRequest.java=../livefeed/stack/UpRequest.java
//FILES livefeed/telegram/Inbox.java=../livefeed/telegram/Inbox.java
//FILES livefeed/telegram/InboxCommand.java=../livefeed/telegram/InboxCommand.java
//FILES livefeed/telegram/TelegramHtml.java=../livefeed/telegram/TelegramHtml.java
//FILES livefeed/telegram/TelegramInboxCommand.java=../livefeed/telegram/TelegramInboxCommand.java
//FILES livefeed/telegram/TelegramStandIn.java=../livefeed/telegram/TelegramStandIn.java
//FILES livefeed/tools/ArchiveUnpacker.java=../livefeed/tools/ArchiveUnpacker.java
//FILES livefeed/tools/DownloadProgress.java=../livefeed/tools/DownloadProgress.java
//FILES livefeed/tools/HttpDownload.java=../livefeed/tools/HttpDownload.java
//FILES livefeed/tools/Platform.java=../livefeed/tools/Platform.java
//FILES livefeed/tools/ProvisionException.java=../livefeed/tools/ProvisionException.java
//FILES livefeed/tools/Tool.java=../livefeed/tools/Tool.java
//FILES livefeed/tools/ToolCache.java=../livefeed/tools/ToolCache.java
//FILES livefeed/tools/ToolFinder.java=../livefeed/tools/ToolFinder.java
//FILES livefeed/tools/ToolInstaller.java=../livefeed/tools/ToolInstaller.java
//FILES livefeed/tools/ToolMissingException.java=../livefeed/tools/ToolMissingException.java
//FILES livefeed/tools/ToolRelease.java=../livefeed/tools/ToolRelease.java
//FILES livefeed/tools/ToolVersion.java=../livefeed/tools/ToolVersion.java
//FILES livefeed/venues/BinanceParser.java=../livefeed/venues/BinanceParser.java
//FILES livefeed/venues/BinanceVenue.java=../livefeed/venues/BinanceVenue.java
//FILES livefeed/venues/CoinbaseParser.java=../livefeed/venues/CoinbaseParser.java
//FILES livefeed/venues/CoinbaseVenue.java=../livefeed/venues/CoinbaseVenue.java
//FILES livefeed/venues/ControlFrames.java=../livefeed/venues/ControlFrames.java
//FILES livefeed/venues/JsonTradeParser.java=../livefeed/venues/JsonTradeParser.java
//FILES livefeed/venues/JsonVenue.java=../livefeed/venues/JsonVenue.java
//FILES livefeed/venues/KrakenParser.java=../livefeed/venues/KrakenParser.java
//FILES livefeed/venues/KrakenVenue.java=../livefeed/venues/KrakenVenue.java
//FILES livefeed/venues/Venue.java=../livefeed/venues/Venue.java
//FILES livefeed/venues/Venues.java=../livefeed/venues/Venues.java
//FILES livefeed/webui/DashboardServer.java=../livefeed/webui/DashboardServer.java
//FILES livefeed/webui/DashboardService.java=../livefeed/webui/DashboardService.java
//FILES livefeed/webui/page/dashboard.css=../livefeed/webui/page/dashboard.css
//FILES livefeed/webui/page/dashboard.js=../livefeed/webui/page/dashboard.js
//FILES livefeed/webui/page/index.html=../livefeed/webui/page/index.html
//FILES observability.java=../observability.java
//FILES ops/alertmanager/alertmanager.yml.tmpl=../ops/alertmanager/alertmanager.yml.tmpl
//FILES ops/alertmanager/secrets/README.md=../ops/alertmanager/secrets/README.md
//FILES ops/compose/docker-compose.yml=../ops/compose/docker-compose.yml
//FILES ops/compose/targets/alertmanager.json=../ops/compose/targets/alertmanager.json
//FILES ops/compose/targets/live_connector.json=../ops/compose/targets/live_connector.json
//FILES ops/compose/targets/prometheus.json=../ops/compose/targets/prometheus.json
//FILES ops/grafana/dashboards/livefeed.json=../ops/grafana/dashboards/livefeed.json
//FILES ops/grafana/provisioning/dashboards/dashboards.yml=../ops/grafana/provisioning/dashboards/dashboards.yml
//FILES ops/grafana/provisioning/datasources/prometheus.yml=../ops/grafana/provisioning/datasources/prometheus.yml
//FILES ops/prometheus/alerts.yml=../ops/prometheus/alerts.yml
//FILES ops/prometheus/connector_exposition.txt=../ops/prometheus/connector_exposition.txt
//FILES ops/prometheus/overrides/README.md=../ops/prometheus/overrides/README.md
//FILES ops/prometheus/prometheus.yml=../ops/prometheus/prometheus.yml
//FILES ops/prometheus/recording_rules.yml=../ops/prometheus/recording_rules.yml
//FILES ops/prometheus/targets/README.md=../ops/prometheus/targets/README.md
//FILES ops/prometheus/tests/alerts_test.yml=../ops/prometheus/tests/alerts_test.yml
//FILES promtest.java=../promtest.java
//FILES simulate.java=../simulate.java

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code jbang observability@<org>/<repo> ARGS} (and {@code jbang app install}) run this with the program's name first.
 * The files it carries are written once into the user cache, as a checkout ({@code ~/.cache/livefeed-ops/checkout-<hash
 * of the files>}; whole or not at all: a staging folder moved into place), and the program runs from there through
 * its {@code ./jbang}, in the caller's folder, with the caller's arguments, exiting with its exit code. The stack's
 * state goes to {@code ~/.cache/livefeed-ops/state} (not into the checkout, which a newer version replaces) unless
 * LIVEFEED_STATE_DIR says otherwise.
 */
public class Checkout {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    public static void main(String... args) throws Exception {
        if (args.length == 0 || !args[0].endsWith(".java")) {
            System.err.println("Checkout: give the program to run first (observability.java, simulate.java, promtest.java "
                    + "or connector.java); the catalog's aliases do");
            System.exit(2);
        }
        Map<String, byte[]> files = carriedFiles();
        Path cache = cacheRoot();
        Path checkout = cache.resolve("checkout-" + hash(files));
        if (!Files.isRegularFile(checkout.resolve(".complete"))) {
            write(files, checkout);
        }
        List<String> command = new ArrayList<>();
        command.add(checkout.resolve(WINDOWS ? "jbang.cmd" : "jbang").toString());
        command.add(checkout.resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("LIVEFEED_PROJECT_ROOT", checkout.toString());
        builder.environment().putIfAbsent("LIVEFEED_STATE_DIR", cache.resolve("state").toString());
        Process program = builder.start();
        // SIGTERM to this JVM reaches the program too (Ctrl-C in a terminal reaches both by itself).
        Thread stop = new Thread(program::destroy, "checkout-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = program.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        System.exit(exit);
    }

    /** The //FILES entries of this script, as JBang put them in its jar: path to content. */
    static Map<String, byte[]> carriedFiles() throws IOException, URISyntaxException {
        Path jar = Path.of(Checkout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> files = new TreeMap<>();
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jarFile.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("META-INF/") || name.endsWith(".class")) {
                    continue;
                }
                try (InputStream in = jarFile.getInputStream(entry)) {
                    files.put(name, in.readAllBytes());
                }
            }
        }
        if (!files.containsKey("observability.java")) {
            throw new IllegalStateException(jar + " carries no project files: run this through JBang (jbang " 
                    + "observability@<org>/<repo>), which packs them");
        }
        return files;
    }

    static Path cacheRoot() {
        String override = System.getenv("LIVEFEED_CHECKOUT_CACHE");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        String local = System.getenv("LOCALAPPDATA");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : WINDOWS && local != null ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("livefeed-ops");
    }

    static String hash(Map<String, byte[]> files) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        files.forEach((name, content) -> {
            sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content);
        });
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Writes the files to a staging folder and moves it into place; another run that got there first wins. */
    static void write(Map<String, byte[]> files, Path checkout) throws IOException {
        Files.createDirectories(checkout.getParent());
        Path staging = Files.createTempDirectory(checkout.getParent(), checkout.getFileName() + ".staging-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = staging.resolve(file.getKey()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("refusing to write " + file.getKey() + " outside the checkout");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            for (String launcher : List.of("jbang", "connector.java", "observability.java", "promtest.java", "simulate.java")) {
                staging.resolve(launcher).toFile().setExecutable(true, true);
            }
            Files.writeString(staging.resolve(".complete"), "");
            try {
                Files.move(staging, checkout, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(checkout.resolve(".complete"))) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
