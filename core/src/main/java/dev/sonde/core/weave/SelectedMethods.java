package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.TypeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/** The methods of one class file that a selection chooses; shared by timing, scopes and tracing. */
public final class SelectedMethods {

    private SelectedMethods() {}

    /**
     * The selected methods with code, in class-file order; empty for a module descriptor or no match.
     * The class's supertypes are read from its header first; its methods, only once it is selected.
     */
    public static List<ClassScan.ScannedMethod> of(
            MethodSelection selection, TypeHierarchy hierarchy, ClassLoader loader, byte[] bytes, String dottedName) {
        return of(selection, hierarchy, loader, bytes, dottedName, null);
    }

    /**
     * The same; also adds to {@code exactlyNamed} ({@code name + descriptor}) the selected methods a
     * selector names without a wildcard in its method part, when it is not null.
     */
    public static List<ClassScan.ScannedMethod> of(
            MethodSelection selection,
            TypeHierarchy hierarchy,
            ClassLoader loader,
            byte[] bytes,
            String dottedName,
            Set<String> exactlyNamed) {
        List<ClassScan.ScannedMethod> selected = new ArrayList<>();
        ClassHeader header = ClassHeader.read(bytes);
        if ((header.access() & Opcodes.ACC_MODULE) != 0) {
            return selected;
        }
        hierarchy.record(loader, header.name(), header.superName(), header.interfaces());
        // with a Type+ selector every class is a candidate, and most are settled by their supertypes alone
        ClassScan[] scan = new ClassScan[1];
        TypeView type = new TypeView() {
            @Override
            public String name() {
                return dottedName;
            }

            @Override
            public Set<String> annotations() {
                if (scan[0] == null) {
                    scan[0] = ClassScan.of(new ClassReader(bytes));
                }
                return scan[0].annotations;
            }

            @Override
            public boolean selfOrSupertype(Predicate<String> nameTest) {
                return hierarchy.selfOrSupertype(
                        loader, header.name(), header.superName(), header.interfaces(), nameTest);
            }
        };
        MethodSelection.ClassSelection chosen = selection.forType(type);
        if (chosen == null) {
            return selected;
        }
        if (scan[0] == null) {
            scan[0] = ClassScan.of(new ClassReader(bytes));
        }
        for (ClassScan.ScannedMethod method : scan[0].methods) {
            if (chosen.selects(method)) {
                selected.add(method);
                if (exactlyNamed != null && chosen.namesExactly(method)) {
                    exactlyNamed.add(method.name() + method.descriptor());
                }
            }
        }
        return selected;
    }
}
