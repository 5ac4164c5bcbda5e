"""Virtual members for bench/quiz_spike.py (run by it; not on its own). Every user takes the next prepared
session (created before the load: no password hashing in the loop) and, depending on BENCH_PHASE:

- baseline: POSTs the baseline endpoint (one indexed read + one insert) in a loop;
- answers:  starts one attempt, then saves answers in a loop (cycling over its questions: upserts);
- flow:     start → answer 10 questions → submit, again and again.
"""

import json
import os
import re
from itertools import count
from typing import Any

from locust import HttpUser, constant, events, task

SESSIONS = json.loads(open(os.environ["BENCH_SESSIONS"], encoding="utf-8").read())  # noqa: SIM115
PHASE = os.environ["BENCH_PHASE"]
NEXT = count()
ATTEMPT_URL = re.compile(r"/quizzes/portal/attempts/([0-9a-f-]{36})/")
# successful requests counted here as well: locust's statistics close when the time is up, while users still
# finish the iteration they are in (--stop-timeout); the correctness line needs every completed request
DONE = {"start": 0, "answer": 0, "submit": 0, "baseline": 0}


@events.quitting.add_listener
def _write_counts(**_kwargs: Any) -> None:
    with open(os.environ["BENCH_COUNTS"], "w", encoding="utf-8") as f:
        json.dump(DONE, f)


class Member(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        me = SESSIONS["members"][next(NEXT) % len(SESSIONS["members"])]
        self.client.cookies.set("sessionid", me["session"])
        self.client.cookies.set("csrftoken", SESSIONS["csrf"])
        self.headers = {"X-CSRFToken": SESSIONS["csrf"], "HX-Request": "true", "Referer": self.host + "/"}
        self.questions: list[int] = SESSIONS["questions"]
        self.n = 0
        self.attempt = ""
        if PHASE == "answers":
            self.attempt = self._start()

    def _post(self, url: str, name: str, data: dict[str, Any]) -> Any:
        return self.client.post(url, data=data, headers=self.headers, name=name, allow_redirects=False)

    def _start(self) -> str:
        with self.client.post(
            f"/quizzes/portal/a/{SESSIONS['activity']}/start/",
            headers=self.headers,
            name="start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            found = ATTEMPT_URL.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not found:
                response.failure(f"start: {response.status_code} {response.headers.get('Location')}")
                return ""
            response.success()
            DONE["start"] += 1
            return found.group(1)

    def _answer(self, question: int) -> None:
        with self.client.post(
            f"/quizzes/portal/attempts/{self.attempt}/answer/",
            data={"question": question, "choice": "A"},
            headers=self.headers,
            name="answer",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "已保存" in response.text:
                response.success()
                DONE["answer"] += 1
            else:
                response.failure(f"answer: {response.status_code}")

    @task
    def work(self) -> None:
        if PHASE == "baseline":
            self._post(
                "/bench/baseline/answer/",
                "baseline",
                {"question": self.questions[self.n % 10], "choice": "A"},
            )
        elif PHASE == "answers":
            if self.attempt:
                self._answer(self.questions[self.n % len(self.questions)])
        else:
            self.attempt = self._start()
            if not self.attempt:
                return
            for question in self.questions:
                self._answer(question)
            with self.client.post(
                f"/quizzes/portal/attempts/{self.attempt}/submit/",
                headers=self.headers,
                name="submit",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code in (200, 204, 302) and "result" in (
                    response.headers.get("HX-Redirect", "") + response.headers.get("Location", "")
                ):
                    response.success()
                    DONE["submit"] += 1
                else:
                    response.failure(f"submit: {response.status_code}")
        self.n += 1
