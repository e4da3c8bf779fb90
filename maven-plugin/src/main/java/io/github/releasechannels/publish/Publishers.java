package io.github.releasechannels.publish;

import io.github.releasechannels.publish.file.DirectoryPublisherFactory;
import io.github.releasechannels.publish.s3.S3PublisherFactory;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Chooses the publisher for a target URI by its scheme. */
public final class Publishers {

    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):.*", Pattern.DOTALL);

    private final List<PublisherFactory> factories;

    public Publishers(List<PublisherFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Every publisher this plugin ships. */
    public static Publishers standard() {
        return new Publishers(List.of(new DirectoryPublisherFactory(), new S3PublisherFactory()));
    }

    /** Opens the publisher for {@code target}; a plain path (no scheme) is a directory. */
    public Publisher open(String target, TargetSettings settings) throws InvalidTargetException, IOException {
        String scheme = scheme(target);
        for (PublisherFactory factory : factories) {
            if (factory.schemes().contains(scheme)) {
                return factory.create(target, settings);
            }
        }
        throw new InvalidTargetException(target, "releaseChannels.target '" + target + "' has the scheme '" + scheme
                + "', which no publisher supports. Supported: " + factories.stream()
                        .map(f -> String.join("/", f.schemes()) + " (e.g. " + f.example() + ")")
                        .collect(Collectors.joining(", ")));
    }

    /** The URI scheme in lower case; {@code file} for a plain path, including a Windows drive path. */
    static String scheme(String target) {
        Matcher matcher = SCHEME.matcher(target.trim());
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : "file";
    }
}
