package dev.sonde.core.record;

/** A method as the report names it: binary class name with dots, method name and JVM descriptor. */
public record MethodKey(String className, String methodName, String descriptor) {

    @Override
    public String toString() {
        return className + "#" + methodName + descriptor;
    }
}
