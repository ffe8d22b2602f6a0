package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.CodeChangeListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Physical pages that hold translated code, shared by the {@link Mmu}s of one machine
 * (DESIGN.md "Memory", self-modifying code). A fetch marks its page; while marked, no TLB entry
 * mapping the page has a write fast tag, so the first write to it takes the slow path, which
 * reports the whole page to the {@link CodeChangeListener} (host-physical addresses) and unmarks
 * it until code is fetched from it again. Unmarking drops the exec fast tags of the page.
 */
public final class CodePages {
    private final Set<Long> frames = ConcurrentHashMap.newKeySet();
    private final CodeChangeListener listener;
    private final List<Translator> users = new CopyOnWriteArrayList<>();

    public CodePages(CodeChangeListener listener) { this.listener = listener; }

    void register(Translator t) { users.add(t); }

    void unregister(Translator t) { users.remove(t); }

    /** Whether the 4-KByte physical page at {@code frame} holds translated code. */
    public boolean isCode(long frame) { return frames.contains(frame); }

    void fetched(long frame) {
        if (frames.add(frame)) {
            for (Translator t : users) t.codeMarkChanged(frame);
        }
    }

    void written(long frame) {
        if (frames.remove(frame)) {
            listener.codeChanged(frame, frame + 0x1000);
            for (Translator t : users) t.codeMarkChanged(frame);
        }
    }
}
