package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.TypeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/** The methods of one class file that a selection chooses; shared by timing and tracing. */
public final class SelectedMethods {

    private SelectedMethods() {}

    /** The selected methods with code, in class-file order; empty for a module descriptor or no match. */
    public static List<ClassScan.ScannedMethod> of(
            MethodSelection selection,
            TypeHierarchy hierarchy,
            ClassLoader loader,
            ClassReader reader,
            String dottedName) {
        List<ClassScan.ScannedMethod> selected = new ArrayList<>();
        if ((reader.getAccess() & Opcodes.ACC_MODULE) != 0) {
            return selected;
        }
        ClassScan scan = ClassScan.of(reader);
        String internalName = reader.getClassName();
        TypeView type = new TypeView() {
            @Override
            public String name() {
                return dottedName;
            }

            @Override
            public Set<String> annotations() {
                return scan.annotations;
            }

            @Override
            public boolean selfOrSupertype(Predicate<String> nameTest) {
                return hierarchy.selfOrSupertype(
                        loader, internalName, reader.getSuperName(), reader.getInterfaces(), nameTest);
            }
        };
        MethodSelection.ClassSelection chosen = selection.forType(type);
        if (chosen == null) {
            return selected;
        }
        for (ClassScan.ScannedMethod method : scan.methods) {
            if (chosen.selects(method)) {
                selected.add(method);
            }
        }
        return selected;
    }
}
