package io.loomicorn.servlet.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The filter mappings in the order the specification gives them (Servlet 6.1 §6.2.4): the
 * mappings added with {@code isMatchAfter = false}, in the order added, then those added
 * with {@code true}.
 */
public final class FilterMappings {

    private final List<FilterMapping> before = new CopyOnWriteArrayList<>();
    private final List<FilterMapping> after = new CopyOnWriteArrayList<>();

    void add(FilterMapping mapping, boolean matchAfter) {
        (matchAfter ? after : before).add(mapping);
    }

    /** Returns every mapping, in matching order. */
    public List<FilterMapping> all() {
        List<FilterMapping> all = new ArrayList<>(before.size() + after.size());
        all.addAll(before);
        all.addAll(after);
        return all;
    }
}
