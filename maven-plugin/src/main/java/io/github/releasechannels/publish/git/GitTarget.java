package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.InvalidTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
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

    /** {@code scheme://user:secret@}: the secret must not reach a message or the work repository. */
    private static final Pattern PASSWORD_IN_USER_PART = Pattern.compile("^[^/]*://([^/@:]*):[^/@]*@");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    static GitTarget parse(String target, String directoryOption) throws InvalidTargetException {
        String withoutPrefix = target.trim().substring("git+".length());
        if (PASSWORD_IN_USER_PART.matcher(withoutPrefix).find()) {
            throw new InvalidTargetException(redact(target), "releaseChannels.target '" + redact(target)
                    + "' contains a password or token in its user part; remove it and put the token in a settings.xml "
                    + "<server> or the environment variable named by releaseChannels.git.tokenVariable");
        }
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
        if (transport == Transport.HTTP_LOOPBACK && !isLoopback(uri.getHost())) {
            throw invalid(target, "uses plain http to " + uri.getHost() + ", which would send the token unencrypted; "
                    + "use git+https (git+http is accepted only for localhost)");
        }
        if (uri.getRawQuery() != null) {
            throw invalid(target, "has a query part ('?" + uri.getRawQuery() + "'), which git URLs do not use");
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

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(bare).matches() || bare.equals("::1");
    }

    /** The target with the secret in its user part masked. */
    static String redact(String target) {
        return target.replaceFirst("://([^/@:]*):[^/@]*@", "://$1:****@");
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
