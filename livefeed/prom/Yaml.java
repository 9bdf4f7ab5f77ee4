//DEPS org.yaml:snakeyaml:2.5
package livefeed.prom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import livefeed.cli.UsageException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reading the YAML files under ops/ as plain maps and lists, with errors that name the file. */
final class Yaml {
    private Yaml() {}

    static Map<String, Object> load(Path file) {
        try {
            Object loaded = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (!(loaded instanceof Map<?, ?>)) {
                throw new UsageException(file + " is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) loaded;
            return map;
        } catch (NoSuchFileException e) {
            throw new UsageException(file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new UsageException(file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
