//DEPS org.yaml:snakeyaml:2.5
package livefeed.opsfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import livefeed.errors.InvalidInput;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reading YAML (the files under ops/, and the configs Prometheus and Alertmanager report) as plain maps and lists,
 * safely (no types constructed from the document), with errors that name what was read.
 */
public final class Yaml {
    private Yaml() {}

    /** The YAML mapping in {@code file}; invalid input naming the file if it is missing, unreadable or no mapping. */
    public static Map<String, Object> load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInput(file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The YAML mapping in {@code text}; invalid input naming {@code what} if it is not valid YAML or no mapping. */
    public static Map<String, Object> parse(String text, String what) {
        Object loaded;
        try {
            loaded = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidInput(what + " is not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (!(loaded instanceof Map<?, ?>)) {
            throw new InvalidInput(what + " is not a YAML mapping");
        }
        return map(loaded);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
