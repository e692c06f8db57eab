package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JaxRsRoutesTest {

    @Test
    void aClassPathAndAMethodPathJoinWithOneSlashBetweenAndNoneAtTheEnd() {
        assertEquals("/owners/{ownerId}", JaxRsRoutes.join("/owners", "{ownerId}"));
        assertEquals("/owners/{ownerId}", JaxRsRoutes.join("owners/", "/{ownerId}/"));
        assertEquals("/owners", JaxRsRoutes.join("/owners", ""));
        assertEquals("/", JaxRsRoutes.join("/", ""));
    }

    @Test
    void aParameterKeepsItsNameWithoutItsRegularExpression() {
        assertEquals("{ownerId}/pets/{petId}", JaxRsRoutes.withoutRegularExpressions("{ownerId}/pets/{petId: [0-9]+}"));
        assertEquals("/codes/{code}", JaxRsRoutes.withoutRegularExpressions("/codes/{ code : [A-Z]{3} }"));
        assertEquals("/plain", JaxRsRoutes.withoutRegularExpressions("/plain"));
        assertEquals("/{open}", JaxRsRoutes.withoutRegularExpressions("/{open"), "an unclosed brace ends the path");
    }

    @Test
    void argumentTypesAreDescribedAsTheWovenCodeDescribesThem() throws Exception {
        assertEquals("(ILjava/lang/String;[J[[Ljava/lang/Object;Z)", JaxRsRoutes.descriptor(new Class<?>[] {
            int.class, String.class, long[].class, Object[][].class, boolean.class
        }));
        assertEquals("()", JaxRsRoutes.descriptor(new Class<?>[0]));
    }
}
