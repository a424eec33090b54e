package io.loomicorn.linkage;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.NameAndTypeEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The classes that one class file names, read from its constant pool with the JDK's
 * class-file API (nothing is loaded or initialised): every class entry (which includes
 * the owners of the fields and methods it uses, its supertypes, the exceptions it catches
 * and the element types of arrays), and the types in every field and method descriptor
 * (those it declares and those it calls or reads).
 *
 * <p>Annotations are left out on purpose: the JVM ignores an annotation whose type is
 * missing, and compile-only annotations ({@code @Nullable}, {@code @SuppressFBWarnings})
 * are routinely absent at run time. So are generic signatures, which are erased.
 */
final class ClassReferences {

    private static final ClassFile PARSER = ClassFile.of();

    private ClassReferences() {
    }

    /**
     * Reads a class file.
     *
     * @param bytes the class file
     * @return the internal names ({@code a/b/C}) that it refers to, itself excluded, sorted
     * @throws IllegalArgumentException if the bytes are not a class file this JDK can read
     */
    static SortedSet<String> of(byte[] bytes) {
        ClassModel model = PARSER.parse(bytes);
        SortedSet<String> names = new TreeSet<>();
        for (PoolEntry entry : model.constantPool()) {
            switch (entry) {
                case ClassEntry c -> addClass(c.asInternalName(), names);
                case NameAndTypeEntry nt -> addDescriptor(nt.type().stringValue(), names);
                case MethodTypeEntry mt -> addDescriptor(mt.descriptor().stringValue(), names);
                default -> {
                }
            }
        }
        for (FieldModel f : model.fields()) {
            addDescriptor(f.fieldType().stringValue(), names);
        }
        for (MethodModel m : model.methods()) {
            addDescriptor(m.methodType().stringValue(), names);
        }
        names.remove(model.thisClass().asInternalName());
        return names;
    }

    /** A class entry holds an internal name, or an array descriptor such as {@code [Ljava/lang/String;}. */
    private static void addClass(String name, SortedSet<String> names) {
        if (name.startsWith("[")) {
            addDescriptor(name, names);
        } else {
            names.add(name);
        }
    }

    /** Adds the class of every {@code Lname;} in a field or method descriptor (JVMS 4.3). */
    static void addDescriptor(String descriptor, SortedSet<String> names) {
        int i = descriptor.indexOf('L');
        while (i >= 0) {
            int end = descriptor.indexOf(';', i);
            if (end < 0) {
                return; // malformed; the JVM would refuse the class anyway
            }
            names.add(descriptor.substring(i + 1, end));
            i = descriptor.indexOf('L', end);
        }
    }
}
