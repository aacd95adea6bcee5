/* ijgraph pages, start: loaded last. Every part of the page is loaded by now; start them
 * in the order their files came (the language first, so that they start in it). */
window.IJG.emit("start");
