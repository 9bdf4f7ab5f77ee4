package livefeed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs cannot drift from the programs: every command of a {@code ```sh} block of README.md and docs/*.md is
 * either run here, in this JVM (the quick and safe ones: {@code --help}, {@code list}, {@code tools}, promtest's
 * checks, a replay of a committed sample), with the {@code ```text} block that follows it checked against what it printed, or has each
 * of its flags checked against the {@code --help} of the subcommand it names. The alerts' runbook links and the docs'
 * own links must land on headings that exist.
 */
@CapturesStandardStreams
class DocsCommandsTest {
    static final List<String> PROGRAMS = List.of("connector.java", "observability.java", "promtest.java", "simulate.java");
    /** Subcommands that are quick, need no stack and change nothing outside a temporary folder: run them. */
    static final Set<String> RUNNABLE = Set.of("simulate.java list", "promtest.java check", "promtest.java test",
            "promtest.java lint", "promtest.java coverage", "observability.java tools", "connector.java replay");
    static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-zA-Z][\\w-]*");
    static final Pattern COMMANDS_LIST = Pattern.compile("^ {2}(\\S+) {2,}", Pattern.MULTILINE);
    static final String RUNBOOK_BASE = "https://github.com/live-feed-ops/live-feed-ops/blob/main/docs/runbook.md#";

    /** {@code --help} of a program and subcommand path ("simulate.java all"), asked once per test run. */
    static final Map<String, String> HELP = new ConcurrentHashMap<>();

    /** A command of a doc's shell block: the words after {@code ./jbang}, where it is, what the doc says it prints. */
    record DocCommand(String where, String line, List<String> words, String quotedOutput) {
        String program() {
            return words.get(0);
        }
    }

    @Test
    void every_command_of_the_docs_runs_or_names_only_flags_its_help_offers(@TempDir Path tmp) {
        List<DocCommand> commands = docCommands();
        assertTrue(commands.size() > 40, "too few commands found in the docs' sh blocks: " + commands.size());
        List<String> problems = new ArrayList<>();
        int ran = 0;
        for (DocCommand c : commands) {
            List<String> path = subcommandPath(c.words());
            String key = String.join(" ", path);
            String help = help(path);
            List<String> args = c.words().subList(path.size(), c.words().size());
            for (String word : args) {
                String flag = word.startsWith("--") ? word.split("=", 2)[0] : word.matches("-[a-zA-Z]") ? word : null;
                if (flag != null && !offers(help, flag)) {
                    problems.add(c.where() + ": " + flag + " is not an option of '" + key + "' (its --help offers "
                            + flagsOf(help) + "): " + c.line());
                }
            }
            if (runnable(key, args)) {
                ran++;
                String problem = run(c, path, args, tmp.resolve("run" + ran));
                if (problem != null) {
                    problems.add(c.where() + ": " + problem);
                }
            }
        }
        assertTrue(ran >= 8, "too few doc commands were run: " + ran);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void every_option_a_help_offers_is_documented() {
        every_command_help_of_the_docs_is_asked();
        String docs = docs().values().stream().reduce("", String::concat);
        List<String> missing = new ArrayList<>();
        HELP.forEach((key, help) -> {
            for (String flag : flagsOf(help)) {
                if (!flag.equals("--help") && !flag.equals("--version") && !docs.contains(flag)) {
                    missing.add(key + " " + flag);
                }
            }
        });
        assertEquals(List.of(), missing, "options no doc mentions: add them to docs/");
    }

    @Test
    void simulate_all_does_not_offer_the_override_it_rejects() {
        assertFalse(help(List.of("simulate.java", "all")).contains("--threshold-override"));
        assertTrue(help(List.of("simulate.java", "bar-lag")).contains("--threshold-override"));
    }

    @Test
    void every_runbook_url_is_a_section_of_docs_runbook() throws IOException {
        String alerts = Files.readString(Project.root().resolve("ops/prometheus/alerts.yml"));
        Set<String> sections = anchors(Files.readString(Project.root().resolve("docs/runbook.md")), "## ");
        Matcher m = Pattern.compile("(?m)^\\s*-?\\s*alert:\\s*(\\S+)|runbook_url:\\s*\"?([^\"\\s]+)").matcher(alerts);
        Map<String, String> urls = new LinkedHashMap<>();
        String alert = null;
        while (m.find()) {
            if (m.group(1) != null) {
                alert = m.group(1);
            } else {
                urls.put(alert, m.group(2));
            }
        }
        assertEquals(10, urls.size(), "alerts with a runbook_url: " + urls.keySet());
        urls.forEach((name, url) -> {
            assertTrue(url.startsWith(RUNBOOK_BASE), name + ": " + url + " does not point into docs/runbook.md");
            String anchor = url.substring(RUNBOOK_BASE.length());
            assertTrue(sections.contains(anchor), name + ": #" + anchor + " is no '## ' heading of docs/runbook.md "
                    + sections);
        });
    }

    @Test
    void every_link_between_the_docs_lands_on_a_file_and_heading_that_exist() {
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        docs().forEach((file, text) -> {
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;   // https:, mailto:
                }
                String[] parts = target.split("#", 2);
                Path linked = parts[0].isEmpty() ? file : file.getParent().resolve(parts[0]).normalize();
                if (!Files.exists(linked)) {
                    broken.add(Project.root().relativize(file) + ": " + target + " (no such file)");
                } else if (parts.length == 2 && linked.toString().endsWith(".md")
                        && !anchors(read(linked), "#").contains(parts[1])) {
                    broken.add(Project.root().relativize(file) + ": " + target + " (no such heading)");
                }
            }
        });
        assertEquals(List.of(), broken);
    }

    /** Asks every help the doc commands name (the cache of the option check), so the reverse check sees them all. */
    private void every_command_help_of_the_docs_is_asked() {
        for (DocCommand c : docCommands()) {
            help(subcommandPath(c.words()));
        }
    }

    // --- reading the docs

    static Map<Path, String> docs() {
        Map<Path, String> docs = new LinkedHashMap<>();
        Path root = Project.root();
        docs.put(root.resolve("README.md"), read(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(f -> docs.put(f, read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Every {@code ./jbang PROGRAM ...} of the four programs in an sh block, with the text block that follows. */
    static List<DocCommand> docCommands() {
        List<DocCommand> commands = new ArrayList<>();
        docs().forEach((file, text) -> {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].strip().equals("```sh")) {
                    continue;
                }
                int start = i + 1;
                int end = start;
                while (end < lines.length && !lines[end].strip().startsWith("```")) {
                    end++;
                }
                String quoted = quotedOutputAfter(lines, end + 1);
                List<DocCommand> block = new ArrayList<>();
                for (int j = start; j < end; j++) {
                    for (List<String> words : jbangCommands(lines[j])) {
                        block.add(new DocCommand(Project.root().relativize(file) + ":" + (j + 1), lines[j].strip(),
                                words, null));
                    }
                }
                if (quoted != null && !block.isEmpty()) {
                    DocCommand last = block.remove(block.size() - 1);
                    block.add(new DocCommand(last.where(), last.line(), last.words(), quoted));
                }
                commands.addAll(block);
                i = end;
            }
        });
        return commands;
    }

    /** The {@code ```text} block after an sh block (blank lines and one paragraph of prose between are allowed). */
    static String quotedOutputAfter(String[] lines, int from) {
        for (int i = from; i < Math.min(lines.length, from + 4); i++) {
            if (lines[i].strip().equals("```text")) {
                StringBuilder quoted = new StringBuilder();
                for (int j = i + 1; j < lines.length && !lines[j].strip().startsWith("```"); j++) {
                    quoted.append(lines[j]).append('\n');
                }
                return quoted.toString();
            }
            if (lines[i].startsWith("```")) {
                return null;
            }
        }
        return null;
    }

    /** The words after {@code ./jbang} (or {@code jbang}) of each simple command of a shell line that runs a program. */
    static List<List<String>> jbangCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        for (List<String> words : simpleCommands(line)) {
            for (int i = 0; i < words.size() - 1; i++) {
                if ((words.get(i).equals("./jbang") || words.get(i).equals("jbang")) && PROGRAMS.contains(words.get(i + 1))) {
                    commands.add(words.subList(i + 1, words.size()).stream()
                            .filter(w -> !w.matches("\\d?[<>].*")).toList());   // redirections
                    break;
                }
            }
        }
        return commands;
    }

    /** Splits a shell line into simple commands (at ; & && || | outside quotes), each into words, without its comment. */
    static List<List<String>> simpleCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        int parens = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '(') {
                parens++;
                word = (word == null ? new StringBuilder() : word).append(c);
            } else if (c == ')') {
                parens--;
                word = (word == null ? new StringBuilder() : word).append(c);
            } else if (parens > 0) {
                word.append(c);
            } else if (c == '#' && word == null) {
                break;   // a comment
            } else if (c == ';' || c == '&' || c == '|') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (!words.isEmpty()) {
                    commands.add(words);
                }
                words = new ArrayList<>();
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }

    // --- the programs' help

    /** The program and the subcommands the words name, as deep as the help's "Commands:" lists go. */
    static List<String> subcommandPath(List<String> words) {
        List<String> path = new ArrayList<>(List.of(words.get(0)));
        for (String w : words.subList(1, words.size())) {
            if (w.startsWith("-") || !subcommandsOf(help(path)).contains(w)) {
                break;
            }
            path.add(w);
        }
        return path;
    }

    static Set<String> subcommandsOf(String help) {
        int at = help.indexOf("\nCommands:");
        Set<String> names = new LinkedHashSet<>();
        if (at >= 0) {
            Matcher m = COMMANDS_LIST.matcher(help.substring(at));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static String help(List<String> path) {
        return HELP.computeIfAbsent(String.join(" ", path), key -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Project.Result r = inProcess(args);
            assertEquals(0, r.exitCode(), () -> "./jbang " + key + " --help: " + r);
            return r.stdout();
        });
    }

    /**
     * {@code ./jbang PROGRAM.java ARGS} as the same picocli tree in this JVM: JBang building each program and running
     * it is CommandLinesTest's (a subprocess per program), and a JBang per --help made this test a minute long.
     */
    static Project.Result inProcess(List<String> words) {
        String program = words.get(0).replaceFirst("\\.java$", "");
        return InProcess.run(program, words.subList(1, words.size()).toArray(String[]::new));
    }

    static boolean offers(String help, String flag) {
        return flag.startsWith("--") ? flagsOf(help).contains(flag)
                : Pattern.compile("(?<![\\w-])" + Pattern.quote(flag) + "[,\\] ]").matcher(help).find();
    }

    static Set<String> flagsOf(String help) {
        Set<String> flags = new TreeSet<>();
        Matcher m = FLAG.matcher(help);
        while (m.find()) {
            flags.add(m.group());
        }
        return flags;
    }

    // --- running the commands that can run here

    static boolean runnable(String key, List<String> args) {
        if (args.contains("--help")) {
            return true;
        }
        if (!RUNNABLE.contains(key) || args.stream().anyMatch(a -> a.contains("$") || a.equals("--install"))) {
            return false;
        }
        if (key.equals("connector.java replay")) {   // only a replay of a file the repository holds
            int input = args.indexOf("--input");
            return input >= 0 && input + 1 < args.size() && Files.isRegularFile(Project.root().resolve(args.get(input + 1)));
        }
        return true;
    }

    /** Runs a doc command as written (its output file moved into {@code tmp}); null if it did what the doc says. */
    static String run(DocCommand c, List<String> path, List<String> args, Path tmp) {
        if (args.contains("--help")) {
            help(path);   // asserted there: exit 0
            return null;
        }
        List<String> words = new ArrayList<>(c.words());
        Map<String, String> moved = new LinkedHashMap<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("--output") || words.get(i).equals("--out")) {
                String original = words.get(i + 1);
                String inTmp = tmp.resolve(Path.of(original).getFileName()).toString();
                moved.put(inTmp, original);
                words.set(i + 1, inTmp);
            }
        }
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Project.Result r = inProcess(words);
        if (r.exitCode() != 0) {
            return c.line() + " exited " + r.exitCode() + ":\n" + r;
        }
        String output = r.output();
        for (Map.Entry<String, String> e : moved.entrySet()) {
            if (!Files.isRegularFile(Path.of(e.getKey()))) {
                return c.line() + " wrote no " + e.getValue();
            }
            output = output.replace(e.getKey(), e.getValue());
        }
        if (c.quotedOutput() != null) {
            for (String quoted : c.quotedOutput().split("\n")) {
                if (!quoted.isBlank() && !output.contains(quoted.strip())) {
                    return c.line() + " did not print what the doc quotes: '" + quoted.strip() + "'; it printed:\n" + output;
                }
            }
        }
        return null;
    }

    // --- headings

    /** GitHub's anchors of the headings that start with {@code prefix} ("#" for all, "## " for sections only). */
    static Set<String> anchors(String markdown, String prefix) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fence = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fence = !fence;
            } else if (!fence && line.startsWith(prefix) && line.matches("#{1,6} .*")) {
                String heading = line.replaceFirst("^#+ ", "").strip();
                anchors.add(heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
