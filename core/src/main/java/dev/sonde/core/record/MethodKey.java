package dev.sonde.core.record;

/**
 * A method as the report names it: binary class name with dots, method name and JVM descriptor.
 *
 * <p>A plain class rather than a record: a record's {@code hashCode} and {@code equals} are bootstrapped
 * through {@code invokedynamic}, and keys are hashed while classes are being woven.
 */
public final class MethodKey {

    private final String className;
    private final String methodName;
    private final String descriptor;

    public MethodKey(String className, String methodName, String descriptor) {
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    public String descriptor() {
        return descriptor;
    }

    /** The package of the class, or the empty string for the unnamed package. */
    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof MethodKey)) {
            return false;
        }
        MethodKey that = (MethodKey) other;
        return className.equals(that.className)
                && methodName.equals(that.methodName)
                && descriptor.equals(that.descriptor);
    }

    @Override
    public int hashCode() {
        return (className.hashCode() * 31 + methodName.hashCode()) * 31 + descriptor.hashCode();
    }

    @Override
    public String toString() {
        return className + "#" + methodName + descriptor;
    }
}
