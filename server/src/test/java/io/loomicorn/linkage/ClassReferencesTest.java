package io.loomicorn.linkage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassReferencesTest {

    @Test
    void readsEveryClassOfADescriptor() {
        SortedSet<String> names = new TreeSet<>();
        ClassReferences.addDescriptor("(IJLjava/lang/String;[[Lcom/x/Y;Z)Lcom/x/Result;", names);
        ClassReferences.addDescriptor("[Lcom/x/Field;", names);
        ClassReferences.addDescriptor("J", names);
        assertThat(names).containsExactly("com/x/Field", "com/x/Result", "com/x/Y", "java/lang/String");
    }

    @Test
    void readsClassEntriesMemberOwnersAndDescriptorsButNotItself() {
        ClassDesc self = ClassDesc.of("demo.Generated");
        byte[] bytes = ClassFile.of().build(self, cb -> cb
                .withSuperclass(ClassDesc.of("com.x.Base"))
                .withField("f", ClassDesc.of("com.x.FieldType"), 0)
                .withMethodBody("m", MethodTypeDesc.of(ClassDesc.of("com.x.Returned"), ClassDesc.of("com.x.Param")), 0,
                        code -> code
                                .getstatic(ClassDesc.of("com.x.Owner"), "F", ClassDesc.of("com.x.Read"))
                                .pop()
                                .aconst_null()
                                .invokestatic(ClassDesc.of("com.x.Called"), "call",
                                        MethodTypeDesc.of(ConstantDescs.CD_void, ClassDesc.of("com.x.Argument")))
                                .ldc(ClassDesc.of("com.x.Literal"))
                                .pop()
                                .aconst_null()
                                .areturn()));
        assertThat(ClassReferences.of(bytes)).containsExactly("com/x/Argument", "com/x/Base", "com/x/Called",
                "com/x/FieldType", "com/x/Literal", "com/x/Owner", "com/x/Param", "com/x/Read", "com/x/Returned");
    }

    @Test
    void readsAJdkClassFile() throws IOException {
        try (InputStream in = Object.class.getResourceAsStream("/java/util/ArrayList.class")) {
            assertThat(ClassReferences.of(in.readAllBytes())).contains("java/util/AbstractList", "java/util/List")
                    .doesNotContain("java/util/ArrayList");
        }
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        assertThatThrownBy(() -> ClassReferences.of(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
