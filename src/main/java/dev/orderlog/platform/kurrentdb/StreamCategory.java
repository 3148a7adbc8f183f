package dev.orderlog.platform.kurrentdb;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The streams of one kind of entity, {@code <category>-<id>}: the one place where stream names are made from ids. Code
 * takes ids in and asks for streams here; it never builds or takes apart a stream name itself.
 */
public record StreamCategory(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:[a-z0-9]|-[a-z0-9])*");

    public StreamCategory {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a stream category: " + name);
        }
    }

    public String streamOf(String id) {
        return name + '-' + id;
    }

    /**
     * The filter for this category's streams on {@code $all}, anchored (the client sends prefixes unanchored). The name
     * holds no regex metacharacters, so it needs no quoting (which KurrentDB's .NET regexes would read differently).
     */
    public String streamRegex() {
        return "^" + name + '-';
    }

    /** The filter for the streams of any of {@code categories}, anchored like {@link #streamRegex()}. */
    public static String streamRegexOf(StreamCategory... categories) {
        return "^(" + Arrays.stream(categories).map(StreamCategory::name).collect(Collectors.joining("|")) + ")-";
    }

    public boolean contains(String stream) {
        return stream.startsWith(name + '-');
    }

    /**
     * The id a stream of this category was made from: the inverse of {@link #streamOf}, for consumers that receive
     * events from {@code $all} and know only the stream they came from.
     */
    public String idOf(String stream) {
        if (!contains(stream)) {
            throw new IllegalArgumentException(stream + " is not a stream of category " + name);
        }
        return stream.substring(name.length() + 1);
    }
}
