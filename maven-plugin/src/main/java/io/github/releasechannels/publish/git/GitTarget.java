package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.url.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * A parsed {@code git+https://host/repo.git#branch} target.
 *
 * @param remote    the repository URL without the {@code git+} prefix and without the branch; never holds a secret
 * @param transport how the remote is reached
 * @param branch    the branch the site is committed to
 * @param directory the folder of the branch the site lives in, {@code ""} for the root, else ending in {@code /}
 */
record GitTarget(URIish remote, Transport transport, String branch, String directory) {

    /** How the remote repository is reached. */
    enum Transport { HTTPS, HTTP_LOOPBACK, SSH, FILE }

    static final String DEFAULT_BRANCH = "gh-pages";


    static GitTarget parse(String target, String directoryOption) throws InvalidTargetException {
        // Refuses a token before the '@' and a query, without repeating them: this method may quote the rest.
        TargetUri.parse(target);
        String withoutPrefix = target.trim().substring("git+".length());
        URI uri;
        try {
            uri = new URI(withoutPrefix);
        } catch (URISyntaxException e) {
            throw invalid(target, "is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "https" -> Transport.HTTPS;
            case "http" -> Transport.HTTP_LOOPBACK;
            case "ssh" -> Transport.SSH;
            case "file" -> Transport.FILE;
            default -> throw invalid(target, "uses git+" + scheme + "; use git+https, git+ssh or git+file");
        };
        if (transport != Transport.FILE && uri.getHost() == null) {
            throw invalid(target, "has no host name; write it as " + scheme
                    + "://host/owner/repo.git (a slash, not a colon, after the host)");
        }
        if (transport == Transport.HTTP_LOOPBACK && !Loopback.isLoopbackHost(uri.getHost())) {
            throw invalid(target, "uses plain http to " + uri.getHost() + ", which would send the token unencrypted; "
                    + "use git+https (git+http is accepted only for localhost)");
        }
        String branch = uri.getFragment() == null || uri.getFragment().isBlank() ? DEFAULT_BRANCH : uri.getFragment();
        if (!Repository.isValidRefName("refs/heads/" + branch)) {
            throw invalid(target, "names the branch '" + branch + "', which is not a valid git branch name");
        }
        String remote = withoutPrefix.substring(0, withoutPrefix.length()
                - (uri.getRawFragment() == null ? 0 : uri.getRawFragment().length() + 1));
        try {
            return new GitTarget(new URIish(remote), transport, branch, directory(directoryOption));
        } catch (URISyntaxException e) {
            throw invalid(target, "is not a git URL (" + e.getReason() + ")");
        }
    }

    /** The subfolder option as a tree path prefix: no leading slash, one trailing slash, no '.' or '..' parts. */
    static String directory(String option) throws InvalidTargetException {
        if (option == null || option.isBlank() || option.trim().equals("/")) {
            return "";
        }
        String trimmed = option.trim().replaceAll("^/+|/+$", "");
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")
                    || segment.contains("\\")) {
                throw new InvalidTargetException(option, "releaseChannels.git.directory '" + option + "' is not a "
                        + "plain folder path; write e.g. 'updates' or 'docs/updates' (no '.', '..', '.git' or '\\')");
            }
        }
        return trimmed + "/";
    }

    private static InvalidTargetException invalid(String target, String problem) {
        return new InvalidTargetException(target, "releaseChannels.target '" + target + "' " + problem
                + ". Example: " + GitPublisherFactory.EXAMPLE);
    }

    /** For messages: where the site goes. */
    String describe() {
        return "git branch " + branch + (directory.isEmpty() ? "" : ", folder " + directory) + " of " + remote;
    }
}
