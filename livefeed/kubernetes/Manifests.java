//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.20.1
//DEPS io.fabric8:kubernetes-model-core:7.5.2
//DEPS io.fabric8:kubernetes-model-apps:7.5.2
//DEPS io.fabric8:openshift-model-monitoring:7.5.2
package livefeed.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import livefeed.errors.InvalidInput;

/**
 * YAML in and out for Kubernetes objects, as fabric8's {@code Serialization} writes it (Jackson YAML, no document
 * marker, quotes only where needed) with multi-line strings as literal blocks so the dashboard and the Telegram
 * message read as in {@code ops/}.
 *
 * <p>Reading is strict: fabric8's models catch every unknown field in an "additional properties" map, so a misspelt
 * field would load silently; {@link #STRICT} turns that catch-all off and fails on any field the model lacks.
 */
public final class Manifests {
    private Manifests() {}

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /** Writes objects as YAML. */
    public static final ObjectMapper WRITER = new ObjectMapper(YAML).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Reads YAML into a typed model and fails on any field the model does not have. */
    public static final ObjectMapper STRICT = new ObjectMapper(YAML)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;   // no catch-all: an unknown field is an error
                }
            });

    public static String yaml(Object object) {
        try {
            return WRITER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object.getClass().getSimpleName() + " as YAML", e);
        }
    }

    /** Reads {@code file} strictly as {@code type}; a missing file or an unknown field is invalid input naming it. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return STRICT.readValue(Files.readString(file), type);
        } catch (NoSuchFileException e) {
            throw new InvalidInput(file + " does not exist: run from the project root or restore it from git");
        } catch (JsonProcessingException e) {
            throw new InvalidInput(file + " does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
