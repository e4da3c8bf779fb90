package io.github.releasechannels.publish;

import io.github.releasechannels.publish.file.DirectoryPublisherFactory;
import io.github.releasechannels.publish.git.GitPublisherFactory;
import io.github.releasechannels.publish.s3.S3PublisherFactory;
import io.github.releasechannels.publish.sftp.SftpPublisherFactory;
import java.io.IOException;
import java.nio.file.Path;
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
        return new Publishers(List.of(new DirectoryPublisherFactory(), new S3PublisherFactory(),
                new GitPublisherFactory(), new SftpPublisherFactory()));
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

    /**
     * A relative directory target ({@code www} or {@code file:www}) made absolute against {@code base}, as Maven
     * resolves relative paths against the project; any other target unchanged.
     */
    public static String resolveRelativeDirectory(String target, Path base) {
        String trimmed = target.trim();
        if (!scheme(trimmed).equals("file")) {
            return trimmed;
        }
        String path = trimmed.regionMatches(true, 0, "file:", 0, 5) ? trimmed.substring(5) : trimmed;
        if (path.startsWith("/") || Path.of(path).isAbsolute()) {
            return trimmed;
        }
        return base.resolve(path).normalize().toString();
    }

    /** The URI scheme in lower case; {@code file} for a plain path, including a Windows drive path. */
    static String scheme(String target) {
        Matcher matcher = SCHEME.matcher(target.trim());
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : "file";
    }
}
