"""A one-to-one in a real browser, on the demo workspace scripts/browser-tests makes (run last: it adds a session to
agent-02's plan). leader-a, team leader of agent-02's team, opens the plan, first records the one-to-one without
choosing a development area (refused: the problem is announced, takes the focus and links to the field, and what was
typed is kept), then records it; the plan shows it with its follow-up. agent-02 reads it on their own plan, with no
form to record one. Every page is checked with axe.
"""

import os

from selenium.webdriver.common.by import By

from test_workbench import BASE, SHOTS, axe_violations, driver, screenshot, sign_in, wait  # noqa: F401

PLAN = BASE + "/agents/agent-02/plan"
ACTIONS = "Listen to two recorded calls together each week; practise the resolution summary."
TARGET = "Resolve or agree a resolution path on 80% of calls by the review."


def check_axe(driver, name):
    screenshot(driver, name)
    # The one-to-ones section alone as well, readable at full size (the whole plan page is long).
    driver.find_element(By.ID, "one-to-ones").screenshot(os.path.join(SHOTS, f"{name}-section.png"))
    violations, report = axe_violations(driver)
    assert not violations, f"{name}:\n{report}"


def set_date(driver, field_id, value):
    """A date field's value, set as the browser's own date picker would (its typing order depends on the locale)."""
    field = driver.find_element(By.ID, field_id)
    driver.execute_script("arguments[0].value = arguments[1];", field, value)


def test_h_team_leader_records_a_one_to_one_and_the_agent_reads_it(driver):
    sign_in(driver, "leader-a")
    driver.get(PLAN)
    assert driver.find_element(By.ID, "one-to-ones-h").text == "One-to-ones"
    assert "No one-to-ones recorded yet." in driver.find_element(By.ID, "one-to-ones").text
    areas = driver.find_elements(By.CSS_SELECTOR, "#areas input[type=checkbox]")
    assert areas, "the plan offers no development area to discuss"
    check_axe(driver, "one-to-one-form")

    # Without a development area: refused, in words that name the field, and nothing typed is lost.
    set_date(driver, "held", "2025-03-17")
    driver.find_element(By.ID, "actions").send_keys(ACTIONS)
    driver.find_element(By.ID, "target").send_keys(TARGET)
    set_date(driver, "followUp", "2025-04-14")
    driver.find_element(By.XPATH, "//button[normalize-space()='Record the one-to-one']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "problems"), 20, "the one-to-one without an area was not refused")
    wait(driver, lambda d: d.execute_script("return document.activeElement.id") == "problems", 10,
         "the problem did not get the focus")
    assert driver.find_elements(By.CSS_SELECTOR, "#problems a[href='#areas']")
    assert driver.find_element(By.ID, "actions").get_attribute("value") == ACTIONS
    assert driver.find_element(By.ID, "held").get_attribute("value") == "2025-03-17"
    check_axe(driver, "one-to-one-refused")

    # With the first area: recorded, and shown on the plan with its follow-up.
    first = driver.find_elements(By.CSS_SELECTOR, "#areas input[type=checkbox]")[0]
    area = first.get_attribute("value")
    first.click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Record the one-to-one']").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "article.one-to-one"), 20, "the one-to-one was not recorded")
    session = driver.find_element(By.CSS_SELECTOR, "article.one-to-one")
    text = session.text
    assert "One-to-one of" in text and "leader-a" in text
    assert f"({area})" in text
    assert ACTIONS in text and TARGET in text
    # The follow-up day has passed on the demo's dates: the coached area is compared before and after.
    assert session.find_elements(By.TAG_NAME, "h4"), "no follow-up shown for a follow-up day already past"
    check_axe(driver, "one-to-one-recorded")

    # The agent reads it on their own plan; recording is for their team leader and the QA leads.
    sign_in(driver, "agent-02")
    driver.get(PLAN)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "article.one-to-one"), 20, "the agent does not see it")
    assert ACTIONS in driver.find_element(By.CSS_SELECTOR, "article.one-to-one").text
    assert not driver.find_elements(By.CSS_SELECTOR, "form[action='/agents/agent-02/sessions']")
    check_axe(driver, "one-to-one-agent")
