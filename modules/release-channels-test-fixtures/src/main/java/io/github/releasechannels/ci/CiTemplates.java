// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the CI templates of sample-repo into the jobs a rehearsal runs. Anything a template holds that the rehearsal
 * does not know how to stand in for locally (an action, a command, an expression, a variable, a condition) is refused
 * with {@link TemplateNotRehearsable}, so a template cannot drift away from what is tested.
 */
final class CiTemplates {

    /**
     * When a job runs: on a change request, on the default branch, started by a person (MANUAL: GitHub
     * workflow_dispatch, GitLab when: manual), or on the default branch after the publish job when the repository
     * opts in (applying the Managed Updates v2 resources to the cluster), or on a schedule only (the promote job:
     * GitHub {@code schedule}, GitLab pipeline schedules), never on a push or change request.
     */
    enum Trigger {
        CHANGE_REQUEST,
        DEFAULT_BRANCH,
        MANUAL,
        AFTER_PUBLISH_IF_ENABLED,
        SCHEDULED,
        /** A job of a child pipeline, run when the parent's trigger job starts it (GitLab). */
        CHILD_PIPELINE
    }

    /**
     * One step: a bash script with its environment, or CI plumbing (checkout, JDK, cloud login) that is skipped.
     *
     * @param env its environment; a value may hold {@code ${{ steps.<id>.outputs.<name> }}}, an earlier step's output,
     *            which only the run can fill in ({@link #STEP_OUTPUT})
     * @param id  the step's {@code id}, naming its outputs for later steps
     */
    record Step(String name, Optional<String> script, Map<String, String> env, Optional<String> id) {

        Step(String name, Optional<String> script, Map<String, String> env) {
            this(name, script, env, Optional.empty());
        }
    }

    /** A composite action: its steps, and its outputs as expressions over the steps' outputs. */
    record CompositeAction(List<Step> steps, Map<String, String> outputs) {}

    /** An earlier step's output, {@code ${{ steps.<id>.outputs.<name> }}}: group 1 the id, group 2 the name. */
    static final Pattern STEP_OUTPUT =
            Pattern.compile("\\$\\{\\{\\s*steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)\\s*}}");

    /**
     * One job of a template.
     *
     * @param warningExitCodes exit codes that end the job as "passed with warnings" (GitLab
     *                         {@code allow_failure: exit_codes})
     * @param fan              what it needs, and whether it runs once per entry another job computes, in which
     *                         environment
     */
    record Job(
            String template,
            String name,
            Trigger trigger,
            boolean oneAtATime,
            List<Step> steps,
            Map<String, String> reports,
            Set<Integer> warningExitCodes,
            Fan fan) {

        Job(
                String template,
                String name,
                Trigger trigger,
                boolean oneAtATime,
                List<Step> steps,
                Map<String, String> reports,
                Set<Integer> warningExitCodes) {
            this(template, name, trigger, oneAtATime, steps, reports, warningExitCodes, Fan.NONE);
        }

        Job(
                String template,
                String name,
                Trigger trigger,
                boolean oneAtATime,
                List<Step> steps,
                Map<String, String> reports) {
            this(template, name, trigger, oneAtATime, steps, reports, Set.of());
        }
    }

    /**
     * How a job runs once per entry of a list another job computes, and where it runs: a GitHub matrix
     * ({@code strategy.matrix.include: ${{ fromJSON(needs.<job>.outputs.<output>) }}}, its {@code environment}), or a
     * GitLab job that triggers the child pipeline another job wrote ({@code trigger.include.artifact}).
     *
     * @param needs        the jobs this one runs after
     * @param fromJob      the job that computes the entries (GitHub) or writes the child pipeline (GitLab); empty when
     *                     the job runs once
     * @param from         that job's output holding the matrix as JSON (GitHub), or the child pipeline's path (GitLab)
     * @param inOrder      one entry at a time, in the list's order, a failure cancelling those not yet started
     *                     (GitHub {@code max-parallel: 1} with {@code fail-fast: true}; GitLab {@code strategy: depend},
     *                     the child's own needs order its jobs)
     * @param environment  the job's {@code environment}, as written ({@code ${{ matrix.environment }}}); empty if none
     */
    record Fan(List<String> needs, String fromJob, String from, boolean inOrder, String environment) {
        static final Fan NONE = new Fan(List.of(), "", "", false, "");
    }

    /** A matrix value, {@code ${{ matrix.<name> }}}: kept for the run to fill in, per entry. */
    static final Pattern MATRIX_VALUE = Pattern.compile("\\$\\{\\{\\s*matrix\\.([A-Za-z0-9_-]+)\\s*}}");

    private static final Pattern MATRIX_FROM =
            Pattern.compile("\\$\\{\\{\\s*fromJSON\\(needs\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)\\)\\s*}}");

    /** A template holds something the rehearsal cannot run; the message says what and where. */
    static final class TemplateNotRehearsable extends RuntimeException {
        TemplateNotRehearsable(String message) {
            super(message);
        }
    }

    /**
     * What the steps may run. A new command in a template must be added here, and so be rehearsed; tctl and tbot
     * run as the rehearsal's stand-ins, which check their arguments and reach no cluster.
     */
    static final Set<String> KNOWN_COMMANDS = Set.of(
            "mvn",
            "tee",
            "sed",
            "awk",
            "grep",
            "echo",
            "printf",
            "exit",
            "[",
            "export",
            "mktemp",
            "true",
            "set",
            "tctl",
            "tbot",
            "cd",
            "find",
            "sort",
            "xargs",
            "sha256sum",
            "cut",
            "head",
            "tr",
            "dirname",
            "mkdir",
            "rm",
            "mv",
            "cp",
            "read",
            "local",
            "git",
            "gh");

    /**
     * Steps that only prepare the runner; the rehearsal's machine is prepared already. The Teleport ones install
     * tctl and log in with Machine ID: the rehearsal's tctl stand-in on PATH takes their place.
     */
    static final Set<String> PLUMBING_ACTIONS = Set.of(
            "actions/checkout",
            "actions/setup-java",
            "aws-actions/configure-aws-credentials",
            "teleport-actions/setup",
            "teleport-actions/auth",
            "actions/cache");

    /** The job conditions of the GitHub workflows; each file serves one hosting choice, switched by AWS_ROLE_ARN. */
    static final Map<String, Trigger> GITHUB_CONDITIONS = Map.ofEntries(
            Map.entry("github.event_name == 'schedule' && vars.AWS_ROLE_ARN == ''", Trigger.SCHEDULED),
            Map.entry("github.event_name == 'schedule' && vars.AWS_ROLE_ARN != ''", Trigger.SCHEDULED),
            Map.entry("github.event_name == 'pull_request' && vars.AWS_ROLE_ARN == ''", Trigger.CHANGE_REQUEST),
            Map.entry("github.event_name == 'push' && vars.AWS_ROLE_ARN == ''", Trigger.DEFAULT_BRANCH),
            Map.entry("github.event_name == 'pull_request' && vars.AWS_ROLE_ARN != ''", Trigger.CHANGE_REQUEST),
            Map.entry("github.event_name == 'push' && vars.AWS_ROLE_ARN != ''", Trigger.DEFAULT_BRANCH),
            Map.entry("github.event_name == 'workflow_dispatch' && vars.AWS_ROLE_ARN == ''", Trigger.MANUAL),
            Map.entry("github.event_name == 'workflow_dispatch' && vars.AWS_ROLE_ARN != ''", Trigger.MANUAL),
            Map.entry(
                    "github.event_name == 'push' && vars.AWS_ROLE_ARN == '' && vars.TELEPORT_PROXY != ''",
                    Trigger.AFTER_PUBLISH_IF_ENABLED),
            Map.entry(
                    "github.event_name == 'push' && vars.AWS_ROLE_ARN != '' && vars.TELEPORT_PROXY != ''",
                    Trigger.AFTER_PUBLISH_IF_ENABLED));

    /** An hourly cron: one minute of every hour (a fixed minute, so runs of many repositories spread out). */
    static final Pattern HOURLY_CRON = Pattern.compile("([0-9]|[1-5][0-9]) \\* \\* \\* \\*");

    static final Map<String, Trigger> GITLAB_RULES = Map.of(
            "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
            Trigger.CHANGE_REQUEST,
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != \"schedule\"",
            Trigger.DEFAULT_BRANCH,
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $TELEPORT_PROXY && $CI_PIPELINE_SOURCE != \"schedule\"",
            Trigger.AFTER_PUBLISH_IF_ENABLED,
            "$CI_PIPELINE_SOURCE == \"schedule\" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
            Trigger.SCHEDULED);

    /** Variables GitHub sets in every step that the templates may read. */
    static final Set<String> GITHUB_STEP_VARIABLES = Set.of("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT");

    private static final Pattern GITHUB_EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern GITLAB_VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Set<String> GITLAB_RULE_KEYS = Set.of("if", "when", "allow_failure");
    private static final Set<String> GITLAB_GLOBAL_KEYS = Set.of("stages", "default", "variables", "cache");
    private static final Set<String> GITLAB_JOB_KEYS = Set.of(
            "stage",
            "rules",
            "script",
            "resource_group",
            "id_tokens",
            "variables",
            "artifacts",
            "allow_failure",
            "needs");
    /** A job that starts a child pipeline another job wrote. */
    private static final Set<String> GITLAB_TRIGGER_JOB_KEYS =
            Set.of("stage", "rules", "needs", "resource_group", "variables", "trigger");
    /** A job of a child pipeline: no rules (the parent decides), an image and an environment of its own. */
    private static final Set<String> GITLAB_CHILD_JOB_KEYS =
            Set.of("stage", "image", "resource_group", "environment", "needs", "id_tokens", "variables", "script");

    private CiTemplates() {}

    /**
     * Reads a GitHub Actions workflow.
     *
     * @param given       the value of each {@code ${{ ... }}} expression the workflow may use in {@code env}; an
     *                    {@code inputs.<name>} one only where {@code workflow_dispatch} declares the input
     */
    static List<Job> gitHubWorkflow(Path file, Map<String, String> given) throws IOException {
        String template = file.getFileName().toString();
        Map<String, Object> workflow = load(file);
        // YAML 1.1 reads the key on as the boolean true.
        Map<String, Object> on = map(workflow.containsKey("on") ? workflow.get("on") : workflow.get("true"), "on");
        if (!on.containsKey("pull_request")
                || !on.containsKey("push")
                || !Set.of("pull_request", "push", "workflow_dispatch", "schedule")
                        .containsAll(on.keySet())) {
            throw new TemplateNotRehearsable(template + ": 'on' must hold pull_request and push (and may hold "
                    + "workflow_dispatch and schedule), not " + on.keySet());
        }
        if (on.containsKey("schedule")) {
            List<Object> schedules = list(on.get("schedule"), template + " schedule");
            Object cron = schedules.size() == 1
                    ? map(schedules.get(0), template + " schedule").get("cron")
                    : null;
            if (cron == null || !HOURLY_CRON.matcher(String.valueOf(cron)).matches()) {
                throw new TemplateNotRehearsable(
                        template + ": schedule must be one hourly cron such as '17 * * * *', " + "not " + schedules);
            }
        }
        Set<String> inputs = map(
                        map(on.get("workflow_dispatch"), template + " workflow_dispatch")
                                .get("inputs"),
                        template + " workflow_dispatch.inputs")
                .keySet();
        Map<String, String> expressions = new LinkedHashMap<>(given);
        expressions
                .keySet()
                .removeIf(name -> name.startsWith("inputs.") && !inputs.contains(name.substring("inputs.".length())));
        Map<String, Object> defaults = map(workflow.get("defaults"), "defaults");
        if (!"bash".equals(map(defaults.get("run"), "defaults.run").get("shell"))) {
            throw new TemplateNotRehearsable(template + ": set defaults.run.shell to bash (-eo pipefail); the "
                    + "rehearsal runs steps that way");
        }
        Map<String, String> workflowEnv = env(workflow.get("env"), expressions, template);
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<String, Object> entry : map(workflow.get("jobs"), "jobs").entrySet()) {
            String where = template + " job " + entry.getKey();
            Map<String, Object> job = map(entry.getValue(), where);
            Trigger trigger = GITHUB_CONDITIONS.get(String.valueOf(job.get("if")));
            if (trigger == null) {
                throw new TemplateNotRehearsable(where + ": unknown condition 'if: " + job.get("if") + "'");
            }
            Map<String, Object> concurrency = map(job.get("concurrency"), where + " concurrency");
            boolean oneAtATime =
                    concurrency.get("group") != null && Boolean.FALSE.equals(concurrency.get("cancel-in-progress"));
            Fan fan = gitHubFan(job, where);
            Map<String, String> jobEnv = new LinkedHashMap<>(workflowEnv);
            jobEnv.putAll(env(job.get("env"), expressions, where));
            List<Step> steps = new ArrayList<>();
            for (Object item : list(job.get("steps"), where + " steps")) {
                steps.add(gitHubStep(
                        map(item, where + " step"),
                        jobEnv,
                        expressions,
                        where,
                        Set.of(),
                        Set.of(),
                        !fan.fromJob().isEmpty()));
            }
            jobs.add(new Job(template, entry.getKey(), trigger, oneAtATime, steps, Map.of(), Set.of(), fan));
        }
        return jobs;
    }

    /**
     * A job's {@code needs}, and its matrix: only {@code include} from another job's output it needs, with
     * {@code max-parallel} and {@code fail-fast}; {@code environment} only as a matrix value.
     */
    private static Fan gitHubFan(Map<String, Object> job, String where) {
        Object needed = job.get("needs");
        List<String> needs = needed == null
                ? List.of()
                : needed instanceof List<?> several
                        ? several.stream().map(String::valueOf).toList()
                        : List.of(String.valueOf(needed));
        Object environment = job.get("environment");
        if (!job.containsKey("strategy")) {
            if (environment != null) {
                throw new TemplateNotRehearsable(where + ": an environment outside a matrix is not rehearsed");
            }
            return new Fan(needs, "", "", false, "");
        }
        Map<String, Object> strategy = map(job.get("strategy"), where + " strategy");
        if (!Set.of("matrix", "max-parallel", "fail-fast").containsAll(strategy.keySet())) {
            throw new TemplateNotRehearsable(where + ": strategy " + strategy.keySet() + " is not rehearsed");
        }
        Map<String, Object> matrix = map(strategy.get("matrix"), where + " strategy.matrix");
        Matcher from = MATRIX_FROM.matcher(String.valueOf(matrix.get("include")));
        if (!matrix.keySet().equals(Set.of("include")) || !from.matches() || !needs.contains(from.group(1))) {
            throw new TemplateNotRehearsable(where + ": the matrix must be only include: ${{ fromJSON(needs.<job>"
                    + ".outputs.<name>) }} of a job it needs, not " + matrix);
        }
        if (environment != null
                && !MATRIX_VALUE.matcher(String.valueOf(environment)).matches()) {
            throw new TemplateNotRehearsable(where + ": environment must be a matrix value, not " + environment);
        }
        boolean inOrder = Integer.valueOf(1).equals(strategy.get("max-parallel"))
                && !Boolean.FALSE.equals(strategy.get("fail-fast"));
        return new Fan(
                needs, from.group(1), from.group(2), inOrder, environment == null ? "" : String.valueOf(environment));
    }

    /**
     * @param earlierIds the ids of the steps before this one, whose outputs its env may name
     * @param matrix     the job has a matrix: its env may name {@code ${{ matrix.<name> }}}, kept for the run
     */
    private static Step gitHubStep(
            Map<String, Object> step,
            Map<String, String> jobEnv,
            Map<String, String> expressions,
            String where,
            Set<String> runnerVariables,
            Set<String> earlierIds,
            boolean matrix) {
        if (step.containsKey("uses")) {
            String action = String.valueOf(step.get("uses")).split("@", 2)[0];
            if (!PLUMBING_ACTIONS.contains(action)) {
                throw new TemplateNotRehearsable(where + ": unknown action '" + step.get("uses")
                        + "'; the rehearsal skips only " + PLUMBING_ACTIONS);
            }
            // The Machine ID login is stood in with its inputs (TeleportAuthStandIn): which cluster, which bot.
            Map<String, String> inputs = action.equals(TeleportAuthStandIn.ACTION)
                    ? env(step.get("with"), expressions, where + " " + action, Set.of(), matrix)
                    : Map.of();
            return new Step(action, Optional.empty(), inputs);
        }
        String name = String.valueOf(step.getOrDefault("name", step.get("run")));
        if (step.containsKey("if")
                || step.containsKey("shell")
                || step.containsKey("working-directory")
                || !Set.of("name", "id", "run", "env").containsAll(step.keySet())) {
            throw new TemplateNotRehearsable(
                    where + " step '" + name + "': if/shell/working-directory are not " + "rehearsed");
        }
        String script = String.valueOf(step.get("run"));
        if (script.contains("${{")) {
            throw new TemplateNotRehearsable(where + " step '" + name + "': pass expressions through env, not "
                    + "inside run (script injection, and the rehearsal substitutes env only)");
        }
        Map<String, String> env = new LinkedHashMap<>(jobEnv);
        env.putAll(env(step.get("env"), expressions, where + " step '" + name + "'", earlierIds, matrix));
        Set<String> available = new LinkedHashSet<>(env.keySet());
        available.addAll(GITHUB_STEP_VARIABLES);
        available.addAll(runnerVariables);
        checkScript(script, available, where + " step '" + name + "'");
        return new Step(
                name,
                Optional.of(script),
                env,
                Optional.ofNullable(step.get("id")).map(String::valueOf));
    }

    /** The inputs of the repository's composite action (action.yml), each passed to its script through env. */
    static final Set<String> ACTION_INPUTS = Set.of(
            "goal",
            "file",
            "target",
            "base-url",
            "wait-seconds",
            "trusted-certificates",
            "ref",
            "allow-downgrade",
            "dry-run",
            "server-id",
            "args",
            "java-version",
            "plugin-version",
            "cli-sha256");

    /** What the runner sets for a composite action's steps that its scripts may read. */
    static final Set<String> ACTION_RUNNER_VARIABLES = Set.of("GITHUB_ACTION_PATH", "HOME", "PWD");

    /**
     * Reads the composite action at the repository root into its steps and outputs, as a workflow using it with
     * these inputs would run them; an input not given takes the action's default.
     */
    static CompositeAction compositeAction(Path file, Map<String, String> inputs) throws IOException {
        String where = file.getFileName().toString();
        Map<String, Object> action = load(file);
        Map<String, Object> declared = map(action.get("inputs"), where + " inputs");
        if (!declared.keySet().equals(ACTION_INPUTS)) {
            throw new TemplateNotRehearsable(
                    where + ": inputs must be " + ACTION_INPUTS + ", not " + declared.keySet());
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        declared.forEach((name, input) -> expressions.put(
                "inputs." + name,
                inputs.getOrDefault(
                        name,
                        String.valueOf(map(input, where + " input " + name).get("default")))));
        Map<String, Object> runs = map(action.get("runs"), where + " runs");
        if (!"composite".equals(runs.get("using"))) {
            throw new TemplateNotRehearsable(where + ": runs.using must be composite");
        }
        List<Step> steps = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Object item : list(runs.get("steps"), where + " steps")) {
            Map<String, Object> step = new LinkedHashMap<>(map(item, where + " step"));
            if (!step.containsKey("uses") && !"bash".equals(step.remove("shell"))) {
                throw new TemplateNotRehearsable(where + " step " + step.get("name") + ": shell must be bash");
            }
            step.remove(
                    "with"); // the inputs of plumbing actions (the JDK's version, the cache's key) are not rehearsed
            Step parsed =
                    gitHubStep(step, Map.of(), expressions, where, ACTION_RUNNER_VARIABLES, Set.copyOf(ids), false);
            parsed.id().ifPresent(ids::add);
            steps.add(parsed);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        map(action.get("outputs"), where + " outputs").forEach((name, output) -> {
            String value = String.valueOf(map(output, where + " output " + name).get("value"));
            Matcher matcher = STEP_OUTPUT.matcher(value);
            if (!matcher.matches() || !ids.contains(matcher.group(1))) {
                throw new TemplateNotRehearsable(
                        where + " output " + name + ": '" + value + "' is not a step's output");
            }
            outputs.put(name, value);
        });
        return new CompositeAction(List.copyOf(steps), outputs);
    }

    /**
     * Reads a GitLab CI pipeline.
     *
     * @param provided the variables the runner and the project settings provide ({@code CI_PROJECT_DIR},
     *                 {@code VERSION_SERVER_URL}, ...), with the values the rehearsal gives them
     */
    static List<Job> gitLabPipeline(Path file, Map<String, String> provided) throws IOException {
        return gitLabJobs(file, provided, false);
    }

    /**
     * Reads a child pipeline a job wrote (the apply job's one job per cluster): jobs without rules, each with
     * {@link Trigger#CHILD_PIPELINE}, its needs (a job of the parent pipeline as {@code parent:<job>}) and its
     * environment in {@link Job#fan()}.
     */
    static List<Job> gitLabChildPipeline(Path file, Map<String, String> provided) throws IOException {
        return gitLabJobs(file, provided, true);
    }

    private static List<Job> gitLabJobs(Path file, Map<String, String> provided, boolean child) throws IOException {
        // A child pipeline's jobs run on GitLab too: their template says so first.
        String template = child
                ? ".gitlab-ci.yml child pipeline " + file.getFileName()
                : file.getFileName().toString();
        Map<String, Object> pipeline = load(file);
        List<Object> stages = list(pipeline.get("stages"), "stages");
        for (Object key : map(pipeline.get("default"), "default").keySet()) {
            if (!key.equals("image")) {
                throw new TemplateNotRehearsable(template + ": default." + key + " is not rehearsed");
            }
        }
        Map<String, String> globalVariables = gitLabVariables(pipeline.get("variables"), provided, template);
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<String, Object> entry : pipeline.entrySet()) {
            if (GITLAB_GLOBAL_KEYS.contains(entry.getKey())) {
                continue;
            }
            String where = template + " job " + entry.getKey();
            Map<String, Object> job = map(entry.getValue(), where);
            Set<String> keys = child
                    ? GITLAB_CHILD_JOB_KEYS
                    : job.containsKey("trigger") ? GITLAB_TRIGGER_JOB_KEYS : GITLAB_JOB_KEYS;
            for (String key : job.keySet()) {
                if (!keys.contains(key)) {
                    throw new TemplateNotRehearsable(where + ": '" + key + "' is not rehearsed");
                }
            }
            if (!stages.contains(job.get("stage"))) {
                throw new TemplateNotRehearsable(where + ": stage '" + job.get("stage") + "' is not in " + stages);
            }
            Trigger trigger = Trigger.CHILD_PIPELINE;
            if (!child) {
                List<Object> rules = list(job.get("rules"), where + " rules");
                Map<String, Object> rule = rules.size() == 1 ? map(rules.get(0), where + " rule") : Map.of();
                trigger = GITLAB_RULES.get(String.valueOf(rule.get("if")));
                Object when = rule.get("when");
                if (trigger == null
                        || !GITLAB_RULE_KEYS.containsAll(rule.keySet())
                        || when != null && !when.equals("manual")) {
                    throw new TemplateNotRehearsable(where + ": unknown rules " + rules);
                }
                if ("manual".equals(when)) {
                    trigger = Trigger.MANUAL;
                }
            } else if (job.containsKey("image")) {
                expand(String.valueOf(job.get("image")), provided, where + ": image");
            }
            List<String> needs = gitLabNeeds(job.get("needs"), where);
            boolean oneAtATime = job.get("resource_group") != null;
            if (job.containsKey("trigger")) {
                gitLabVariables(job.get("variables"), provided, where);
                jobs.add(new Job(
                        template,
                        entry.getKey(),
                        trigger,
                        oneAtATime,
                        List.of(),
                        Map.of(),
                        Set.of(),
                        gitLabChildTrigger(job.get("trigger"), needs, where)));
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(provided);
            env.putAll(globalVariables);
            env.putAll(gitLabVariables(job.get("variables"), provided, where));
            for (Object token : map(job.get("id_tokens"), where + " id_tokens").keySet()) {
                env.put(String.valueOf(token), "fake-oidc-" + token + "-c0ffee");
            }
            StringBuilder script = new StringBuilder();
            for (Object line : list(job.get("script"), where + " script")) {
                script.append(line).append('\n');
            }
            checkScript(script.toString(), env.keySet(), where);
            Map<String, String> reports = new LinkedHashMap<>();
            Map<String, Object> artifacts = map(job.get("artifacts"), where + " artifacts");
            map(artifacts.get("reports"), where + " artifacts.reports")
                    .forEach((kind, path) -> reports.put(kind, String.valueOf(path)));
            jobs.add(new Job(
                    template,
                    entry.getKey(),
                    trigger,
                    oneAtATime,
                    List.of(new Step(entry.getKey(), Optional.of(script.toString()), env)),
                    reports,
                    warningExitCodes(job.get("allow_failure"), where),
                    new Fan(
                            needs,
                            "",
                            "",
                            false,
                            job.get("environment") == null ? "" : String.valueOf(job.get("environment")))));
        }
        return jobs;
    }

    /** A job's {@code needs}: job names, a parent pipeline's job as {@code parent:<job>}. */
    private static List<String> gitLabNeeds(Object needs, String where) {
        if (needs == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object need : list(needs, where + " needs")) {
            if (!(need instanceof Map<?, ?>)) {
                names.add(String.valueOf(need));
                continue;
            }
            Map<String, Object> entry = map(need, where + " needs");
            if (entry.keySet().equals(Set.of("pipeline", "job"))
                    && entry.get("pipeline").equals("$PARENT_PIPELINE_ID")) {
                names.add("parent:" + entry.get("job"));
            } else if (entry.keySet().equals(Set.of("job", "artifacts"))
                    && Boolean.FALSE.equals(entry.get("artifacts"))) {
                names.add(String.valueOf(entry.get("job")));
            } else {
                throw new TemplateNotRehearsable(where + ": needs " + entry + " is not rehearsed");
            }
        }
        return List.copyOf(names);
    }

    /** {@code trigger: include: [{artifact, job}], strategy: depend}: the child pipeline a job it needs wrote. */
    private static Fan gitLabChildTrigger(Object trigger, List<String> needs, String where) {
        Map<String, Object> definition = map(trigger, where + " trigger");
        List<Object> include = list(definition.get("include"), where + " trigger.include");
        Map<String, Object> artifact = include.size() == 1 ? map(include.get(0), where + " include") : Map.of();
        if (!definition.keySet().equals(Set.of("include", "strategy"))
                || !"depend".equals(definition.get("strategy"))
                || !artifact.keySet().equals(Set.of("artifact", "job"))
                || !needs.contains(String.valueOf(artifact.get("job")))) {
            throw new TemplateNotRehearsable(where + ": only a trigger of one artifact of a job it needs, with "
                    + "strategy: depend, is rehearsed, not " + definition);
        }
        return new Fan(needs, String.valueOf(artifact.get("job")), String.valueOf(artifact.get("artifact")), true, "");
    }

    /** Every {@code $VARIABLE} of a value must be one the rehearsal provides. */
    private static void expand(String value, Map<String, String> provided, String where) {
        Matcher matcher = GITLAB_VARIABLE.matcher(value);
        while (matcher.find()) {
            if (!provided.containsKey(matcher.group(1))) {
                throw new TemplateNotRehearsable(
                        where + " uses $" + matcher.group(1) + ", which the rehearsal does not provide");
            }
        }
    }

    /**
     * The job for one entry of its matrix: each {@code ${{ matrix.<name> }}} of its steps' env and inputs filled in
     * as the runner would; a name the entry lacks is refused, as GitHub refuses the job.
     */
    static Job forEntry(Job job, Map<String, String> entry) {
        List<Step> steps = new ArrayList<>();
        for (Step step : job.steps()) {
            Map<String, String> env = new LinkedHashMap<>();
            step.env().forEach((name, value) -> {
                Matcher matcher = MATRIX_VALUE.matcher(value);
                StringBuilder filled = new StringBuilder();
                while (matcher.find()) {
                    String replacement = entry.get(matcher.group(1));
                    if (replacement == null) {
                        throw new TemplateNotRehearsable(job.name() + " step '" + step.name() + "': env " + name
                                + " names matrix." + matcher.group(1) + ", which the entry " + entry + " lacks");
                    }
                    matcher.appendReplacement(filled, Matcher.quoteReplacement(replacement));
                }
                env.put(name, matcher.appendTail(filled).toString());
            });
            steps.add(new Step(step.name(), step.script(), env, step.id()));
        }
        return new Job(
                job.template(),
                job.name(),
                job.trigger(),
                job.oneAtATime(),
                steps,
                job.reports(),
                job.warningExitCodes(),
                job.fan());
    }

    /** GitLab's {@code allow_failure: exit_codes: N} (or a list): the exit codes that make the job a warning. */
    private static Set<Integer> warningExitCodes(Object allowFailure, String where) {
        if (allowFailure == null) {
            return Set.of();
        }
        Map<String, Object> rule = map(allowFailure, where + " allow_failure");
        if (!rule.keySet().equals(Set.of("exit_codes"))) {
            throw new TemplateNotRehearsable(where + ": allow_failure other than exit_codes is not rehearsed");
        }
        Object codes = rule.get("exit_codes");
        List<Object> list = codes instanceof List<?> ? list(codes, where + " exit_codes") : List.of(codes);
        Set<Integer> result = new LinkedHashSet<>();
        for (Object code : list) {
            if (!(code instanceof Integer number)) {
                throw new TemplateNotRehearsable(where + ": exit code " + code + " is not a number");
            }
            result.add(number);
        }
        return Set.copyOf(result);
    }

    private static Map<String, String> gitLabVariables(Object variables, Map<String, String> provided, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        map(variables, where + " variables").forEach((name, value) -> {
            Matcher matcher = GITLAB_VARIABLE.matcher(String.valueOf(value));
            StringBuilder expanded = new StringBuilder();
            while (matcher.find()) {
                String replacement = provided.get(matcher.group(1));
                if (replacement == null) {
                    throw new TemplateNotRehearsable(where + ": variable " + name + " uses $" + matcher.group(1)
                            + ", which the rehearsal does not provide");
                }
                matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(expanded);
            result.put(name, expanded.toString());
        });
        return result;
    }

    private static void checkScript(String script, Set<String> available, String where) {
        ShellScript shell = ShellScript.of(script);
        Set<String> functions = ShellScript.definedFunctions(script);
        for (String command : shell.commands()) {
            if (!KNOWN_COMMANDS.contains(command) && !functions.contains(command)) {
                throw new TemplateNotRehearsable(where + ": runs '" + command + "', which the rehearsal does not "
                        + "know; known: " + KNOWN_COMMANDS);
            }
        }
        Set<String> defined = new LinkedHashSet<>(available);
        defined.addAll(ShellScript.assignedVariables(script));
        for (String variable : shell.readVariables()) {
            if (!defined.contains(variable)) {
                throw new TemplateNotRehearsable(
                        where + ": reads $" + variable + ", which neither the template nor " + "the rehearsal defines");
            }
        }
    }

    private static Map<String, String> env(Object env, Map<String, String> expressions, String where) {
        return env(env, expressions, where, Set.of(), false);
    }

    /**
     * @param earlierIds steps whose outputs an expression may name; those are kept for the run to fill in
     * @param matrix     {@code ${{ matrix.<name> }}} may be named; kept for the run to fill in per entry
     */
    private static Map<String, String> env(
            Object env, Map<String, String> expressions, String where, Set<String> earlierIds, boolean matrix) {
        Map<String, String> result = new LinkedHashMap<>();
        map(env, where + " env").forEach((name, value) -> {
            Matcher matcher = GITHUB_EXPRESSION.matcher(String.valueOf(value));
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                Matcher output = STEP_OUTPUT.matcher(matcher.group());
                if (output.matches() && earlierIds.contains(output.group(1))
                        || matrix && MATRIX_VALUE.matcher(matcher.group()).matches()) {
                    matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group()));
                    continue;
                }
                String replacement = expressions.get(matcher.group(1));
                if (replacement == null) {
                    throw new TemplateNotRehearsable(where + ": env " + name + " uses ${{ " + matcher.group(1)
                            + " }}, which the rehearsal does not stand in for");
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(resolved);
            result.put(name, resolved.toString());
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return map(document, file.getFileName().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new TemplateNotRehearsable(where + " is not a mapping: " + value);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((key, item) -> result.put(String.valueOf(key), item));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String where) {
        if (!(value instanceof List<?>)) {
            throw new TemplateNotRehearsable(where + " is not a list: " + value);
        }
        return (List<Object>) value;
    }
}
