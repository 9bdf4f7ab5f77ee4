package livefeed.connector;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything a live connector run is told, checked (see {@link ConnectorRun}). */
public record ConnectorConfig(List<VenueSpec> venues, Duration interval, Duration grace, String bind, int port,
        String sink, boolean faults, boolean faultsAllowRemote, Path record, int queueCapacity, double simRate,
        long simSeed, ConnectionPolicy policy, long queueBytes, SettingNames settingNames) {

    /** Its advice (a fault API that is off, a CA to trust) names settings in the core's own words. */
    public ConnectorConfig(List<VenueSpec> venues, Duration interval, Duration grace, String bind, int port,
            String sink, boolean faults, boolean faultsAllowRemote, Path record, int queueCapacity, double simRate,
            long simSeed, ConnectionPolicy policy, long queueBytes) {
        this(venues, interval, grace, bind, port, sink, faults, faultsAllowRemote, record, queueCapacity, simRate,
                simSeed, policy, queueBytes, SettingNames.IN_DOMAIN_WORDS);
    }

    /** With the ingest queue's default size bound ({@link IngestQueue#DEFAULT_MAX_CHARS}). */
    public ConnectorConfig(List<VenueSpec> venues, Duration interval, Duration grace, String bind, int port,
            String sink, boolean faults, boolean faultsAllowRemote, Path record, int queueCapacity, double simRate,
            long simSeed, ConnectionPolicy policy) {
        this(venues, interval, grace, bind, port, sink, faults, faultsAllowRemote, record, queueCapacity, simRate,
                simSeed, policy, IngestQueue.DEFAULT_MAX_CHARS);
    }

    /** One venue to connect to: its name, symbols (as the venue spells them) and endpoint (null: the public one). */
    public record VenueSpec(String name, List<String> symbols, URI endpoint) {}
}
