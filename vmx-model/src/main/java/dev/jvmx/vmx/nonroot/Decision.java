package dev.jvmx.vmx.nonroot;

import dev.jvmx.vmx.exit.ExitReason;

/** What a sensitive instruction does in VMX non-root operation (SDM Vol. 3C §26.1). */
public sealed interface Decision {

    /** It executes normally (possibly with changed behaviour, §26.3). */
    record Execute() implements Decision {
    }

    /** It causes a VM exit with this basic reason. */
    record Exit(ExitReason reason) implements Decision {
    }

    /** It raises #UD (an enabling control is 0). */
    record Undefined() implements Decision {
    }

    Execute EXECUTE = new Execute();
    Undefined UNDEFINED = new Undefined();
}
