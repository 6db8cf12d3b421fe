package io.doriscdc.streamload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionAdviceTest {

    @Test
    void aStringOverTheSoftLimitNamesTheBeSettingAndAValueThatFits() {
        String advice = RejectionAdvice.of("column_name[body], the length of input string is too long than vec schema. first 32 bytes of"
                + " input str: [xxxx] schema length: 2147483643; limit length: 1048576; actual length: 2202009; ");
        assertThat(advice).contains("column body", "2202009 bytes", "1048576 bytes", "string_type_length_soft_limit_bytes to at least 2202009",
                "update_config", "slot is held");
    }

    @Test
    void aValueOverAVarcharsLengthNamesTheColumnToWiden() {
        String advice = RejectionAdvice.of("column_name[code], the length of input string is too long than vec schema. first 32 bytes of"
                + " input str: [abcdefghijk] schema length: 10; limit length: 10; actual length: 11; ");
        assertThat(advice).contains("column code", "widen it", "VARCHAR(11)").doesNotContain("soft_limit");
    }

    @Test
    void otherReasonsGetNoAdvice() {
        assertThat(RejectionAdvice.of("column_name[b], null value for not null column")).isEmpty();
    }
}
