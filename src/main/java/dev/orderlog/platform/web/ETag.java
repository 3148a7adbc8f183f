package dev.orderlog.platform.web;

import dev.orderlog.platform.command.ExpectedRevision;
import jakarta.ws.rs.BadRequestException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream revision as HTTP carries it in {@code ETag} and {@code If-Match}: {@code "3"} (weak {@code W/"3"} and bare
 * {@code 3} are read too). Parsed once at the edge; anything that is not a revision is a 400.
 */
public record ETag(long revision) {
    private static final Pattern FORMAT = Pattern.compile("^(?:W/)?(?:\"(\\d{1,19})\"|(\\d{1,19}))$");

    public ETag {
        if (revision < 0) {
            throw new IllegalArgumentException("A revision is never negative: " + revision);
        }
    }

    /** Called by JAX-RS for {@code @HeaderParam("If-Match") ETag}; a value that does not fit a revision answers 400. */
    public static ETag valueOf(String header) {
        Matcher matcher = FORMAT.matcher(header.trim());
        if (matcher.matches()) {
            try {
                return new ETag(Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
            } catch (NumberFormatException tooLarge) {
                // Falls through to the same answer as any other value that is not a revision.
            }
        }
        throw new BadRequestException("If-Match must be a revision such as \"3\" (at most " + Long.MAX_VALUE + ")");
    }

    /** The revision a command expects: exactly the one in If-Match, any when the request had none. */
    public static ExpectedRevision expected(ETag ifMatch) {
        return ifMatch == null ? ExpectedRevision.ANY : ExpectedRevision.exactly(ifMatch.revision());
    }
}
