package io.rolestack.jenkins.bridge;

import io.rolestack.platform.InvalidRequestException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The platform operations a Pipeline step can run, each the same {@code Platform}
 * call as its CLI command ({@link #command()}).
 */
public enum Operation {
    PLAN("rolestackPlan", "plan"),
    APPLY("rolestackApply", "apply"),
    EXEC("rolestackExec", "exec"),
    VM_CREATE("rolestackVm", "vm create"),
    VM_LIST("rolestackVm", "vm list"),
    VM_DELETE("rolestackVm", "vm delete"),
    VM_REBOOT("rolestackVm", "vm reboot"),
    DB_REPLICATE("rolestackDb", "db replicate"),
    DB_STATUS("rolestackDb", "db status"),
    DB_SWITCHOVER("rolestackDb", "db switchover"),
    HEALTH("rolestackHealth", "health"),
    HEAL("rolestackHeal", "heal"),
    PATCH("rolestackPatch", "patch"),
    BACKUP_DB("rolestackBackup", "backup db"),
    BACKUP_VERIFY("rolestackBackup", "backup verify"),
    BACKUP_LIST("rolestackBackup", "backup list"),
    BACKUP_PRUNE("rolestackBackup", "backup prune"),
    BACKUP_SEARCH("rolestackBackup", "backup search"),
    BACKUP_SEARCH_VERIFY("rolestackBackup", "backup search verify"),
    BACKUP_SEARCH_LIST("rolestackBackup", "backup search list"),
    BACKUP_SEARCH_PRUNE("rolestackBackup", "backup search prune"),
    APP_DEPLOY("rolestackAppDeploy", "app deploy"),
    APP_ROLLBACK("rolestackAppDeploy", "app rollback"),
    APP_RELEASES("rolestackAppDeploy", "app releases");

    private final String step;
    private final String command;

    Operation(String step, String command) {
        this.step = step;
        this.command = command;
    }

    /** The Pipeline step that runs it ({@code rolestackVm}). */
    public String step() {
        return step;
    }

    /** The CLI command that does the same ({@code vm create}). */
    public String command() {
        return command;
    }

    /** The words after the step's group ({@code create} for {@code vm create}, {@code search list} for {@code backup search list}). */
    public String action() {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(space + 1);
    }

    /** The operation of {@code step} named by its {@code action} argument ({@code rolestackDb action: 'status'}). */
    public static Operation of(String step, String action) {
        List<Operation> ofStep = Arrays.stream(values()).filter(o -> o.step.equals(step)).toList();
        if (ofStep.isEmpty()) throw new IllegalArgumentException("no Rolestack step '" + step + "'");
        if (action == null || action.isBlank()) {
            throw new InvalidRequestException(step + ": argument 'action' is required, one of " + actions(ofStep));
        }
        String a = action.trim().toLowerCase(Locale.ROOT);
        return ofStep.stream().filter(o -> o.action().equals(a)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(step + ": argument 'action' is '" + action + "', not one of "
                        + actions(ofStep)));
    }

    private static String actions(List<Operation> ops) {
        return String.join(", ", ops.stream().map(Operation::action).toList());
    }
}
