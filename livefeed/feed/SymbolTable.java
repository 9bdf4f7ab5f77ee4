package livefeed.feed;

import java.util.ArrayList;
import java.util.List;

/**
 * The symbols of one venue, found by a span of the frame's text without building a String. Symbols are added the
 * first time they are seen, up to a cap, so a feed cannot blow up metric cardinality.
 */
public final class SymbolTable {
    public static final int MAX_SYMBOLS = 1024;
    private final List<String> names = new ArrayList<>();
    private int[] slots = new int[64];   // open addressing: index + 1, 0 = empty

    /** The index of the symbol spelled by {@code s[start, end)}, adding it if new; -1 when the table is full. */
    public int lookup(String s, int start, int end) {
        int h = hash(s, start, end);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return add(s.substring(start, end));
            }
            String name = names.get(slot - 1);
            if (name.length() == end - start && s.regionMatches(start, name, 0, name.length())) {
                return slot - 1;
            }
        }
    }

    public int lookup(String name) {
        return lookup(name, 0, name.length());
    }

    public String name(int index) {
        return names.get(index);
    }

    public int size() {
        return names.size();
    }

    private int add(String name) {
        if (names.size() >= MAX_SYMBOLS) {
            return -1;
        }
        names.add(name);
        if (names.size() * 2 > slots.length) {
            slots = new int[slots.length * 2];
            for (int i = 0; i < names.size(); i++) {
                place(names.get(i), i);
            }
        } else {
            place(name, names.size() - 1);
        }
        return names.size() - 1;
    }

    private void place(String name, int index) {
        int mask = slots.length - 1;
        int i = hash(name, 0, name.length()) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = index + 1;
    }

    private static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
