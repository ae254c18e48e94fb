"""A dispute in a real browser, on the demo workspace scripts/browser-tests makes: agent-02 disputes a criterion of an
evaluation assessor-1 scored (first without the required comment: the problems are listed and focused), assessor-1
(the form's default arbitrator) starts the review and revises the answer, and the evaluation's history shows both
revisions to the agent. Every page of the workflow is checked with axe.
"""

from selenium.webdriver.common.by import By

from test_workbench import BASE, axe_violations, driver, screenshot, sign_in, table_rows, wait  # noqa: F401

# agent-02's evaluation by assessor-1 in the shipped example (its greeting was answered yes), released by the demo.
KEY = "ev-000146"
state = {}


def check_axe(driver, name):
    screenshot(driver, name)
    violations, report = axe_violations(driver)
    assert not violations, f"{name}:\n{report}"


def test_a_agent_disputes_a_criterion(driver):
    sign_in(driver, "agent-02")
    driver.get(BASE + f"/evaluations/{KEY}")
    assert "released to the agent on" in driver.find_element(By.ID, "workflow-state").text
    driver.find_element(By.LINK_TEXT, "Dispute this evaluation").click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text.startswith("Dispute the evaluation"))
    check_axe(driver, "dispute-form")
    driver.find_element(By.ID, "d-greeting").click()
    driver.find_element(By.ID, "a-greeting").send_keys("no")
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    # Refused without the comment: the problem list is announced and takes the focus, linked to the question.
    wait(driver, lambda d: d.find_elements(By.ID, "problems"), 20, "the dispute without a comment was not refused")
    wait(driver, lambda d: d.execute_script("return document.activeElement.id") == "problems", 10,
         "the problem list did not get the focus")
    assert driver.find_elements(By.CSS_SELECTOR, "#problems a[href='#q-greeting']")
    check_axe(driver, "dispute-form-refused")
    assert driver.find_element(By.ID, "d-greeting").is_selected(), "the ticked answer was lost"
    driver.find_element(By.ID, "c-greeting").send_keys("I gave the approved greeting, with my name.")
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    # The dispute's own page (its state line): the form's heading also starts with "Dispute", so waiting on the
    # heading could pass before the browser has left the form.
    wait(driver, lambda d: d.find_elements(By.ID, "dispute-state"), 20, "no dispute page")
    assert "waiting for the arbitrator (assessor-1)" in driver.find_element(By.ID, "dispute-state").text
    state["dispute_url"] = driver.current_url.split("?")[0]
    driver.get(BASE + f"/evaluations/{KEY}")
    assert driver.find_element(By.ID, "workflow-state").text.startswith("disputed")


def test_b_arbitrator_revises_it(driver):
    assert "dispute_url" in state, "scenario (a) raised no dispute"
    sign_in(driver, "assessor-1")
    driver.get(BASE + "/disputes")
    check_axe(driver, "disputes")
    driver.get(state["dispute_url"])
    driver.find_element(By.XPATH, "//button[normalize-space()='Start the review']").click()
    wait(driver, lambda d: d.find_element(By.ID, "dispute-state").text.startswith("in review"))
    check_axe(driver, "dispute-arbitrator")
    driver.find_element(By.CSS_SELECTOR, "input[name='decision.greeting'][value='revised']").click()
    driver.find_element(By.ID, "n-greeting").send_keys("no")
    driver.find_element(By.ID, "r-greeting").send_keys("On the recording the greeting lacks the company name.")
    driver.find_element(By.XPATH, "//button[normalize-space()='Record the decision']").click()
    wait(driver, lambda d: d.find_element(By.ID, "dispute-state").text.startswith("resolved"), 20, "not resolved")
    assert "revised" in driver.find_element(By.ID, "dispute-state").text


def test_c_history_shows_both_versions(driver):
    sign_in(driver, "agent-02")
    driver.get(BASE + f"/evaluations/{KEY}")
    assert driver.find_element(By.ID, "workflow-state").text.startswith("resolved")
    rows = table_rows(driver, "history-h")
    assert [r[0] for r in rows] == ["1", "2"], rows
    assert rows[1][2] == "assessor-1" and rows[1][3].startswith("dispute"), rows
    assert "What changed in revision 2" in driver.page_source
    check_axe(driver, "evaluation-after-dispute")


def test_d_lead_pages(driver):
    sign_in(driver, "qa-lead")
    driver.get(BASE + "/dispute-report")
    assert "greeting" in driver.page_source
    check_axe(driver, "dispute-report")
    driver.get(BASE + "/dispute-rules/inbound-customer-service")
    check_axe(driver, "dispute-rules")
