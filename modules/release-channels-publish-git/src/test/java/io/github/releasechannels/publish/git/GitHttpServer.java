// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A real smart-HTTP git server on a free loopback port: JGit's GitServlet in Jetty, serving one bare repository
 * as {@code /git/pages.git}, with HTTP basic auth that accepts exactly one user and token (401 for anyone else)
 * and receive-pack enabled. Tests can make the next push be refused, or let someone else push during it.
 */
final class GitHttpServer implements AutoCloseable {

    static final String USER = "x-access-token";
    /** A token that may read but not push, like GITHUB_TOKEN without 'contents: write'. */
    static final String READ_ONLY_TOKEN = "ghp_READONLYplantedTOKEN000111222333";

    /** What happens to the next push, in the server's pre-receive hook. */
    enum NextPush {
        ACCEPT,
        REFUSE,
        RACE
    }

    private final Server server;
    private final Repository repository;
    private final String token;
    private final AtomicReference<NextPush> nextPush = new AtomicReference<>(NextPush.ACCEPT);
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private volatile Runnable concurrentPublish = () -> {};

    GitHttpServer(Repository repository, String token) throws Exception {
        this.repository = repository;
        this.token = token;
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((request, name) -> {
            if (!name.equals("pages.git")) {
                throw new RepositoryNotFoundException(name);
            }
            repository.incrementOpen();
            return repository;
        });
        servlet.setReceivePackFactory((request, db) -> {
            ReceivePack receivePack = new ReceivePack(db);
            receivePack.setPreReceiveHook((pack, commands) -> {
                pushes.incrementAndGet();
                switch (nextPush.getAndSet(NextPush.ACCEPT)) {
                    case REFUSE ->
                        commands.forEach(command -> command.setResult(
                                ReceiveCommand.Result.REJECTED_OTHER_REASON, "refused by the test server"));
                    // Someone else's push lands between the client's ref check and ours: ours then fails to lock.
                    case RACE -> concurrentPublish.run();
                    case ACCEPT -> {}
                }
            });
            return receivePack;
        });
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler("/git");
        context.addFilter(
                new FilterHolder((Filter) (request, response, chain) -> {
                    HttpServletRequest http = (HttpServletRequest) request;
                    if (authorized(http, token)) {
                        chain.doFilter(request, response);
                    } else if (authorized(http, READ_ONLY_TOKEN) && !isPush(http)) {
                        chain.doFilter(request, response);
                    } else if (authorized(http, READ_ONLY_TOKEN)) {
                        ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN);
                    } else {
                        unauthorized.incrementAndGet();
                        HttpServletResponse challenge = (HttpServletResponse) response;
                        challenge.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                        challenge.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    }
                }),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.start();
    }

    private static boolean isPush(HttpServletRequest request) {
        return request.getRequestURI().endsWith("/git-receive-pack")
                || "git-receive-pack".equals(request.getParameter("service"));
    }

    private static boolean authorized(HttpServletRequest request, String token) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String expected = USER + ":" + token;
        return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).equals(expected);
    }

    /** {@code git+http://127.0.0.1:PORT/git/pages.git}. */
    String target() {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return "git+http://127.0.0.1:" + port + "/git/pages.git";
    }

    void refuseNextPush() {
        nextPush.set(NextPush.REFUSE);
    }

    /** During the next push, before it updates the branch, commits {@code files} on the branch. */
    void raceNextPush(String branch, Map<String, String> files) {
        concurrentPublish = () -> {
            try {
                GitTestSupport.commitOnBranch(repository, branch, files, "Concurrent publish");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        nextPush.set(NextPush.RACE);
    }

    int pushes() {
        return pushes.get();
    }

    int unauthorizedRequests() {
        return unauthorized.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
